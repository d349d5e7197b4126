(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $y_ptr i32)
    (local $y_len i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $grid0 i32)
    (local $a f64)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $exec v128)
    (local $ti32_17 i32)
    (local $ti32_18 i32)
    (local $i_v v128)
    (local $a_f32_splat v128)
    (local $a_splat v128)
    (local $tv128_22 v128)
    (local $i_v_2 v128)
    (local $a_f32_splat_2 v128)
    (local $a_splat_2 v128)
    (local $tv128_26 v128)
    (local $tv128_27 v128)
    (local $tf32_28 f32)
    local.get $args
    i32.load
    local.set $x_ptr
    local.get $args
    i32.load offset=4
    local.set $x_len
    local.get $args
    i32.load offset=8
    local.set $y_ptr
    local.get $args
    i32.load offset=12
    local.set $y_len
    local.get $args
    i32.load offset=16
    local.set $out_ptr
    local.get $args
    i32.load offset=20
    local.set $out_len
    local.get $args
    i32.load offset=24
    local.set $grid0
    local.get $args
    f64.load offset=32
    local.set $a
    local.get $args
    i32.load offset=40
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
        local.get $stop
        local.get $i
        i32.sub
        i32.add
        local.set $flat
        ;; SIMD loop: 4 lanes of i
        local.get $stop
        i32.const 4
        i32.sub
        local.set $ti32_17
        i32.const 1
        local.get $i
        local.get $out_len
        i32.lt_u
        i32.and
        local.get $ti32_17
        local.set $ti32_18
        local.get $ti32_18
        local.get $out_len
        i32.lt_u
        i32.and
        local.get $out_len
        local.get $ti32_18
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        local.get $i
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $ti32_17
        local.set $ti32_18
        local.get $ti32_18
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $x_len
        local.get $ti32_18
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        local.get $i
        local.get $y_len
        i32.lt_u
        i32.and
        local.get $ti32_17
        local.set $ti32_18
        local.get $ti32_18
        local.get $y_len
        i32.lt_u
        i32.and
        local.get $y_len
        local.get $ti32_18
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        if
          ;; every contiguous access is in range for this row segment: no guards
          local.get $a
          f32.demote_f64
          f32x4.splat
          local.set $a_f32_splat
          local.get $a
          f64x2.splat
          local.set $a_splat
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
                local.get $a_f32_splat
                local.get $i
                local.set $ti32_18
                local.get $x_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                v128.load
                f32x4.mul
                local.get $i
                local.set $ti32_18
                local.get $y_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                v128.load
                f32x4.add
                local.set $tv128_22
                local.get $i
                local.set $ti32_18
                local.get $out_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                local.get $tv128_22
                v128.store
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
          local.get $a
          f32.demote_f64
          f32x4.splat
          local.set $a_f32_splat_2
          local.get $a
          f64x2.splat
          local.set $a_splat_2
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
                local.get $a_f32_splat_2
                local.get $i
                local.set $ti32_18
                local.get $ti32_18
                local.get $x_len
                i32.lt_u
                local.get $x_len
                local.get $ti32_18
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if (result v128)
                  local.get $x_ptr
                  local.get $ti32_18
                  i32.const 2
                  i32.shl
                  i32.add
                  v128.load
                else
                  local.get $i_v_2
                  local.set $tv128_26
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 0
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $x_len
                  i32.lt_u
                  if (result f32)
                    local.get $x_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 0
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 1
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $x_len
                  i32.lt_u
                  if (result f32)
                    local.get $x_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 1
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 2
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $x_len
                  i32.lt_u
                  if (result f32)
                    local.get $x_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 2
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 3
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $x_len
                  i32.lt_u
                  if (result f32)
                    local.get $x_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 3
                  local.set $tv128_27
                  local.get $tv128_27
                end
                f32x4.mul
                local.get $i
                local.set $ti32_18
                local.get $ti32_18
                local.get $y_len
                i32.lt_u
                local.get $y_len
                local.get $ti32_18
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if (result v128)
                  local.get $y_ptr
                  local.get $ti32_18
                  i32.const 2
                  i32.shl
                  i32.add
                  v128.load
                else
                  local.get $i_v_2
                  local.set $tv128_26
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 0
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $y_len
                  i32.lt_u
                  if (result f32)
                    local.get $y_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 0
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 1
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $y_len
                  i32.lt_u
                  if (result f32)
                    local.get $y_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 1
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 2
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $y_len
                  i32.lt_u
                  if (result f32)
                    local.get $y_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 2
                  local.set $tv128_27
                  local.get $tv128_27
                  local.get $tv128_26
                  i32x4.extract_lane 3
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $y_len
                  i32.lt_u
                  if (result f32)
                    local.get $y_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 3
                  local.set $tv128_27
                  local.get $tv128_27
                end
                f32x4.add
                local.set $tv128_22
                local.get $i
                local.set $ti32_18
                local.get $ti32_18
                local.get $out_len
                i32.lt_u
                local.get $out_len
                local.get $ti32_18
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if
                  local.get $out_ptr
                  local.get $ti32_18
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  v128.store
                else
                  local.get $i_v_2
                  local.set $tv128_26
                  local.get $tv128_26
                  i32x4.extract_lane 0
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $out_len
                  i32.lt_u
                  if
                    local.get $out_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    local.get $tv128_22
                    f32x4.extract_lane 0
                    f32.store
                  end
                  local.get $tv128_26
                  i32x4.extract_lane 1
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $out_len
                  i32.lt_u
                  if
                    local.get $out_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    local.get $tv128_22
                    f32x4.extract_lane 1
                    f32.store
                  end
                  local.get $tv128_26
                  i32x4.extract_lane 2
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $out_len
                  i32.lt_u
                  if
                    local.get $out_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    local.get $tv128_22
                    f32x4.extract_lane 2
                    f32.store
                  end
                  local.get $tv128_26
                  i32x4.extract_lane 3
                  local.set $ti32_17
                  local.get $ti32_17
                  local.get $out_len
                  i32.lt_u
                  if
                    local.get $out_ptr
                    local.get $ti32_17
                    i32.const 2
                    i32.shl
                    i32.add
                    local.get $tv128_22
                    f32x4.extract_lane 3
                    f32.store
                  end
                end
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
        ;; scalar loop
        block
          loop
            local.get $i
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $i
              local.set $ti32_18
              local.get $a
              f32.demote_f64
              local.get $i
              local.set $ti32_17
              local.get $ti32_17
              local.get $x_len
              i32.lt_u
              if (result f32)
                local.get $x_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              f32.mul
              local.get $i
              local.set $ti32_17
              local.get $ti32_17
              local.get $y_len
              i32.lt_u
              if (result f32)
                local.get $y_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              f32.add
              local.set $tf32_28
              local.get $ti32_18
              local.get $out_len
              i32.lt_u
              if
                local.get $out_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                local.get $tf32_28
                f32.store
              end
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
  (export "run" (func $run))
  (func $run (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $stop i32)
    (local $block_size i32)
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
  )
)