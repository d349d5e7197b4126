(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $grid0 i32)
    (local $extent0 i32)
    (local $vacc v128)
    (local $vacc_hi v128)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $row_base i32)
    (local $lane0_at i32)
    (local $lane1_at i32)
    (local $lane2_at i32)
    (local $lane3_at i32)
    (local $exec v128)
    (local $ti32_19 i32)
    (local $ti32_20 i32)
    (local $i_v v128)
    (local $tv128_22 v128)
    (local $tv128_23 v128)
    (local $tv128_24 v128)
    (local $i_v_2 v128)
    (local $tv128_26 v128)
    (local $tv128_27 v128)
    (local $ti32_28 i32)
    (local $tf64_29 f64)
    local.get $args
    i32.load
    local.set $x_ptr
    local.get $args
    i32.load offset=4
    local.set $x_len
    local.get $args
    i32.load offset=8
    local.set $grid0
    local.get $args
    i32.load offset=16
    local.set $extent0
    local.get $begin
    local.set $flat
    block
      loop
        local.get $flat
        local.get $end
        i32.ge_s
        br_if 1
        local.get $flat
        local.set $i
        local.get $end
        local.set $stop
        local.get $flat
        local.get $i
        i32.sub
        local.set $row_base
        local.get $flat
        local.get $stop
        local.get $i
        i32.sub
        i32.add
        local.set $flat
        ;; SIMD loop: 4 lanes of i (f64 values as pairs of f64x2)
        local.get $row_base
        local.get $i
        i32.add
        i32.const 3
        i32.and
        i32.const 3
        i32.shl
        local.get $scratch
        i32.add
        local.set $lane0_at
        local.get $row_base
        local.get $i
        i32.add
        i32.const 1
        i32.add
        i32.const 3
        i32.and
        i32.const 3
        i32.shl
        local.get $scratch
        i32.add
        local.set $lane1_at
        local.get $row_base
        local.get $i
        i32.add
        i32.const 2
        i32.add
        i32.const 3
        i32.and
        i32.const 3
        i32.shl
        local.get $scratch
        i32.add
        local.set $lane2_at
        local.get $row_base
        local.get $i
        i32.add
        i32.const 3
        i32.add
        i32.const 3
        i32.and
        i32.const 3
        i32.shl
        local.get $scratch
        i32.add
        local.set $lane3_at
        local.get $lane0_at
        f64.load offset=16
        f64x2.splat
        local.get $lane1_at
        f64.load offset=16
        f64x2.replace_lane 1
        local.set $vacc
        local.get $lane2_at
        f64.load offset=16
        f64x2.splat
        local.get $lane3_at
        f64.load offset=16
        f64x2.replace_lane 1
        local.set $vacc_hi
        local.get $stop
        i32.const 4
        i32.sub
        local.set $ti32_19
        i32.const 1
        local.get $i
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $ti32_19
        local.set $ti32_20
        local.get $ti32_20
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $x_len
        local.get $ti32_20
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        local.get $i
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $ti32_19
        local.set $ti32_20
        local.get $ti32_20
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $x_len
        local.get $ti32_20
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        if
          ;; every contiguous access is in range for this row segment: no guards
          local.get $i
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $i_v
          local.get $i
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              block
                local.get $vacc
                local.get $vacc_hi
                local.get $i
                local.set $ti32_20
                local.get $x_ptr
                local.get $ti32_20
                i32.const 3
                i32.shl
                i32.add
                v128.load
                local.get $x_ptr
                local.get $ti32_20
                i32.const 3
                i32.shl
                i32.add
                v128.load offset=16
                local.set $tv128_23
                local.set $tv128_22
                local.get $tv128_22
                local.get $tv128_23
                local.get $tv128_22
                local.get $tv128_23
                local.set $tv128_24
                local.set $tv128_22
                local.set $tv128_23
                local.get $tv128_22
                f64x2.mul
                local.get $tv128_23
                local.get $tv128_24
                f64x2.mul
                local.set $tv128_23
                local.set $tv128_22
                local.set $tv128_24
                local.get $tv128_22
                f64x2.add
                local.get $tv128_24
                local.get $tv128_23
                f64x2.add
                local.set $vacc_hi
                local.set $vacc
                br 0
              end
              local.get $i_v
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $i_v
              local.get $i
              i32.const 4
              i32.add
              local.tee $i
              i32.const 4
              i32.add
              local.get $stop
              i32.le_s
              br_if 0
            end
          end
        else
          local.get $i
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $i_v_2
          local.get $i
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              block
                local.get $vacc
                local.get $vacc_hi
                local.get $i
                local.set $ti32_20
                local.get $ti32_20
                local.get $x_len
                i32.lt_u
                local.get $x_len
                local.get $ti32_20
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if
                  local.get $x_ptr
                  local.get $ti32_20
                  i32.const 3
                  i32.shl
                  i32.add
                  v128.load
                  local.get $x_ptr
                  local.get $ti32_20
                  i32.const 3
                  i32.shl
                  i32.add
                  v128.load offset=16
                  local.set $tv128_22
                  local.set $tv128_23
                else
                  local.get $i_v_2
                  local.set $tv128_24
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_26
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_27
                  local.get $tv128_26
                  local.get $tv128_24
                  i32x4.extract_lane 0
                  local.set $ti32_19
                  local.get $ti32_19
                  local.get $x_len
                  i32.lt_u
                  if (result f64)
                    local.get $x_ptr
                    local.get $ti32_19
                    i32.const 3
                    i32.shl
                    i32.add
                    f64.load
                  else
                    f64.const nan
                  end
                  f64x2.replace_lane 0
                  local.set $tv128_26
                  local.get $tv128_26
                  local.get $tv128_24
                  i32x4.extract_lane 1
                  local.set $ti32_19
                  local.get $ti32_19
                  local.get $x_len
                  i32.lt_u
                  if (result f64)
                    local.get $x_ptr
                    local.get $ti32_19
                    i32.const 3
                    i32.shl
                    i32.add
                    f64.load
                  else
                    f64.const nan
                  end
                  f64x2.replace_lane 1
                  local.set $tv128_26
                  local.get $tv128_27
                  local.get $tv128_24
                  i32x4.extract_lane 2
                  local.set $ti32_19
                  local.get $ti32_19
                  local.get $x_len
                  i32.lt_u
                  if (result f64)
                    local.get $x_ptr
                    local.get $ti32_19
                    i32.const 3
                    i32.shl
                    i32.add
                    f64.load
                  else
                    f64.const nan
                  end
                  f64x2.replace_lane 0
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_24
                  i32x4.extract_lane 3
                  local.set $ti32_19
                  local.get $ti32_19
                  local.get $x_len
                  i32.lt_u
                  if (result f64)
                    local.get $x_ptr
                    local.get $ti32_19
                    i32.const 3
                    i32.shl
                    i32.add
                    f64.load
                  else
                    f64.const nan
                  end
                  f64x2.replace_lane 1
                  local.set $tv128_27
                  local.get $tv128_26
                  local.get $tv128_27
                  local.set $tv128_22
                  local.set $tv128_23
                end
                local.get $tv128_23
                local.get $tv128_22
                local.set $tv128_23
                local.set $tv128_22
                local.get $tv128_22
                local.get $tv128_23
                local.get $tv128_22
                local.get $tv128_23
                local.set $tv128_24
                local.set $tv128_22
                local.set $tv128_23
                local.get $tv128_22
                f64x2.mul
                local.get $tv128_23
                local.get $tv128_24
                f64x2.mul
                local.set $tv128_23
                local.set $tv128_22
                local.set $tv128_24
                local.get $tv128_22
                f64x2.add
                local.get $tv128_24
                local.get $tv128_23
                f64x2.add
                local.set $vacc_hi
                local.set $vacc
                br 0
              end
              local.get $i_v_2
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $i_v_2
              local.get $i
              i32.const 4
              i32.add
              local.tee $i
              i32.const 4
              i32.add
              local.get $stop
              i32.le_s
              br_if 0
            end
          end
        end
        local.get $lane0_at
        local.get $vacc
        f64x2.extract_lane 0
        f64.store offset=16
        local.get $lane1_at
        local.get $vacc
        f64x2.extract_lane 1
        f64.store offset=16
        local.get $lane2_at
        local.get $vacc_hi
        f64x2.extract_lane 0
        f64.store offset=16
        local.get $lane3_at
        local.get $vacc_hi
        f64x2.extract_lane 1
        f64.store offset=16
        ;; scalar loop
        block
          loop
            local.get $i
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $row_base
              local.get $i
              i32.add
              i32.const 3
              i32.and
              local.tee $ti32_20
              i32.const 3
              i32.shl
              local.get $scratch
              i32.add
              local.set $ti32_19
              local.get $ti32_19
              local.get $ti32_19
              f64.load offset=16
              local.get $i
              local.set $ti32_28
              local.get $ti32_28
              local.get $x_len
              i32.lt_u
              if (result f64)
                local.get $x_ptr
                local.get $ti32_28
                i32.const 3
                i32.shl
                i32.add
                f64.load
              else
                f64.const nan
              end
              local.tee $tf64_29
              local.get $tf64_29
              f64.mul
              f64.add
              f64.store offset=16
              br 0
            end
            local.get $i
            i32.const 1
            i32.add
            local.set $i
            br 0
          end
        end
        br 0
      end
    end
  )
  (export "combine" (func $combine))
  (func $combine (param $a f64) (param $b f64) (result f64)
    local.get $a
    local.get $b
    f64.add
  )
  (export "run" (func $run))
  (func $run (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32) (result f64)
    (local $stop i32)
    (local $block_size i32)
    ;; reduce lanes: start empty
    local.get $scratch
    f64.const -0
    f64.store offset=16
    local.get $scratch
    f64.const -0
    f64.store offset=24
    local.get $scratch
    f64.const -0
    f64.store offset=32
    local.get $scratch
    f64.const -0
    f64.store offset=40
    ;; blocks of 64, doubling to 16384 grid indices (lets V8 tier the body up early)
    i32.const 64
    local.set $block_size
    block
      loop
        local.get $begin
        local.get $end
        i32.ge_s
        br_if 1
        local.get $begin
        local.get $block_size
        i32.add
        local.get $end
        local.get $end
        local.get $begin
        i32.sub
        local.get $block_size
        i32.gt_s
        select
        local.set $stop
        local.get $args
        local.get $begin
        local.get $stop
        local.get $scratch
        call 0
        local.get $stop
        local.set $begin
        local.get $block_size
        i32.const 1
        i32.shl
        local.set $block_size
        i32.const 16384
        local.get $block_size
        local.get $block_size
        i32.const 16384
        i32.gt_s
        select
        local.set $block_size
        br 0
      end
    end
    ;; partial = (lane0 ⊕ lane1) ⊕ (lane2 ⊕ lane3)
    local.get $scratch
    f64.load offset=16
    local.get $scratch
    f64.load offset=24
    call 1
    local.get $scratch
    f64.load offset=32
    local.get $scratch
    f64.load offset=40
    call 1
    call 1
    local.get $scratch
    i32.const 1
    i32.store
  )
)