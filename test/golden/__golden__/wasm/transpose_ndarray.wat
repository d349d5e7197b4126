(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $a_ptr i32)
    (local $a_len i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $grid0 i32)
    (local $grid1 i32)
    (local $a_stride0 i32)
    (local $out_stride0 i32)
    (local $extent0 i32)
    (local $extent1 i32)
    (local $flat i32)
    (local $j i32)
    (local $stop i32)
    (local $i i32)
    (local $ti32_18 i32)
    (local $exec v128)
    (local $ti32_20 i32)
    (local $j_v v128)
    (local $out_stride0_splat v128)
    (local $i_splat v128)
    (local $a_stride0_splat v128)
    (local $tv128_25 v128)
    (local $tv128_26 v128)
    (local $j_v_2 v128)
    (local $out_stride0_splat_2 v128)
    (local $i_splat_2 v128)
    (local $a_stride0_splat_2 v128)
    (local $tv128_31 v128)
    (local $tf32_32 f32)
    local.get $args
    i32.load
    local.set $a_ptr
    local.get $args
    i32.load offset=4
    local.set $a_len
    local.get $args
    i32.load offset=8
    local.set $out_ptr
    local.get $args
    i32.load offset=12
    local.set $out_len
    local.get $args
    i32.load offset=16
    local.set $grid0
    local.get $args
    i32.load offset=24
    local.set $grid1
    local.get $args
    i32.load offset=32
    local.set $a_stride0
    local.get $args
    i32.load offset=40
    local.set $out_stride0
    local.get $args
    i32.load offset=48
    local.set $extent0
    local.get $args
    i32.load offset=52
    local.set $extent1
    local.get $begin
    local.set $flat
    block
      loop
        local.get $flat
        local.get $end
        i32.ge_s
        br_if 1
        local.get $flat
        local.get $extent1
        i32.div_u
        local.set $ti32_18
        local.get $flat
        local.get $ti32_18
        local.get $extent1
        i32.mul
        i32.sub
        local.set $j
        local.get $ti32_18
        local.set $i
        local.get $j
        local.get $end
        local.get $flat
        i32.sub
        i32.add
        local.set $stop
        local.get $extent1
        local.get $stop
        local.get $extent1
        local.get $stop
        i32.lt_u
        select
        local.set $stop
        local.get $flat
        local.get $stop
        local.get $j
        i32.sub
        i32.add
        local.set $flat
        ;; SIMD loop: 4 lanes of j
        local.get $stop
        i32.const 4
        i32.sub
        local.set $ti32_18
        i32.const 1
        local.get $i
        local.get $a_stride0
        i32.mul
        local.get $j
        i32.add
        local.get $a_len
        i32.lt_u
        i32.and
        local.get $i
        local.get $a_stride0
        i32.mul
        local.get $ti32_18
        i32.add
        local.set $ti32_20
        local.get $ti32_20
        local.get $a_len
        i32.lt_u
        i32.and
        local.get $a_len
        local.get $ti32_20
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        if
          ;; every contiguous access is in range for this row segment: no guards
          local.get $out_stride0
          i32x4.splat
          local.set $out_stride0_splat
          local.get $i
          i32x4.splat
          local.set $i_splat
          local.get $a_stride0
          i32x4.splat
          local.set $a_stride0_splat
          local.get $j
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $j_v
          local.get $j
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              block
                local.get $i
                local.get $a_stride0
                i32.mul
                local.get $j
                i32.add
                local.set $ti32_20
                local.get $a_ptr
                local.get $ti32_20
                i32.const 2
                i32.shl
                i32.add
                v128.load
                local.set $tv128_25
                local.get $j_v
                local.get $out_stride0_splat
                i32x4.mul
                local.get $i_splat
                i32x4.add
                local.set $tv128_26
                local.get $tv128_26
                i32x4.extract_lane 0
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 0
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 1
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 1
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 2
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 2
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 3
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 3
                  f32.store
                end
              end
              local.get $j_v
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $j_v
              local.get $j
              i32.const 4
              i32.add
              local.tee $j
              i32.const 4
              i32.add
              local.get $stop
              i32.le_s
              br_if 0
            end
          end
        else
          local.get $out_stride0
          i32x4.splat
          local.set $out_stride0_splat_2
          local.get $i
          i32x4.splat
          local.set $i_splat_2
          local.get $a_stride0
          i32x4.splat
          local.set $a_stride0_splat_2
          local.get $j
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $j_v_2
          local.get $j
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              block
                local.get $i
                local.get $a_stride0
                i32.mul
                local.get $j
                i32.add
                local.set $ti32_20
                local.get $ti32_20
                local.get $a_len
                i32.lt_u
                local.get $a_len
                local.get $ti32_20
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if (result v128)
                  local.get $a_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  v128.load
                else
                  local.get $i
                  local.get $a_stride0
                  i32.mul
                  i32x4.splat
                  local.get $j_v_2
                  i32x4.add
                  local.set $tv128_26
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_31
                  local.get $tv128_31
                  local.get $tv128_26
                  i32x4.extract_lane 0
                  local.set $ti32_18
                  local.get $ti32_18
                  local.get $a_len
                  i32.lt_u
                  if (result f32)
                    local.get $a_ptr
                    local.get $ti32_18
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 0
                  local.set $tv128_31
                  local.get $tv128_31
                  local.get $tv128_26
                  i32x4.extract_lane 1
                  local.set $ti32_18
                  local.get $ti32_18
                  local.get $a_len
                  i32.lt_u
                  if (result f32)
                    local.get $a_ptr
                    local.get $ti32_18
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 1
                  local.set $tv128_31
                  local.get $tv128_31
                  local.get $tv128_26
                  i32x4.extract_lane 2
                  local.set $ti32_18
                  local.get $ti32_18
                  local.get $a_len
                  i32.lt_u
                  if (result f32)
                    local.get $a_ptr
                    local.get $ti32_18
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 2
                  local.set $tv128_31
                  local.get $tv128_31
                  local.get $tv128_26
                  i32x4.extract_lane 3
                  local.set $ti32_18
                  local.get $ti32_18
                  local.get $a_len
                  i32.lt_u
                  if (result f32)
                    local.get $a_ptr
                    local.get $ti32_18
                    i32.const 2
                    i32.shl
                    i32.add
                    f32.load
                  else
                    f32.const nan
                  end
                  f32x4.replace_lane 3
                  local.set $tv128_31
                  local.get $tv128_31
                end
                local.set $tv128_25
                local.get $j_v_2
                local.get $out_stride0_splat_2
                i32x4.mul
                local.get $i_splat_2
                i32x4.add
                local.set $tv128_26
                local.get $tv128_26
                i32x4.extract_lane 0
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 0
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 1
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 1
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 2
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 2
                  f32.store
                end
                local.get $tv128_26
                i32x4.extract_lane 3
                local.set $ti32_20
                local.get $ti32_20
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_20
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_25
                  f32x4.extract_lane 3
                  f32.store
                end
              end
              local.get $j_v_2
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $j_v_2
              local.get $j
              i32.const 4
              i32.add
              local.tee $j
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
            local.get $j
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $j
              local.get $out_stride0
              i32.mul
              local.get $i
              i32.add
              local.set $ti32_20
              local.get $i
              local.get $a_stride0
              i32.mul
              local.get $j
              i32.add
              local.set $ti32_18
              local.get $ti32_18
              local.get $a_len
              i32.lt_u
              if (result f32)
                local.get $a_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              local.set $tf32_32
              local.get $ti32_20
              local.get $out_len
              i32.lt_u
              if
                local.get $out_ptr
                local.get $ti32_20
                i32.const 2
                i32.shl
                i32.add
                local.get $tf32_32
                f32.store
              end
            end
            local.get $j
            i32.const 1
            i32.add
            local.set $j
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