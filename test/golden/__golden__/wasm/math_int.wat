(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $y_ptr i32)
    (local $y_len i32)
    (local $o_ptr i32)
    (local $o_len i32)
    (local $grid0 i32)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $exec v128)
    (local $ti32_16 i32)
    (local $ti32_17 i32)
    (local $i_v v128)
    (local $a v128)
    (local $b v128)
    (local $k v128)
    (local $tv128_22 v128)
    (local $tv128_23 v128)
    (local $tv128_24 v128)
    (local $tf64_25 f64)
    (local $tv128_26 v128)
    (local $i_v_2 v128)
    (local $a_2 v128)
    (local $b_2 v128)
    (local $k_2 v128)
    (local $a_3 i32)
    (local $b_3 i32)
    (local $k_3 i32)
    (local $ti32_34 i32)
    (local $ti32_35 i32)
    (local $ti32_36 i32)
    (local $ti32_37 i32)
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
    local.set $o_ptr
    local.get $args
    i32.load offset=20
    local.set $o_len
    local.get $args
    i32.load offset=24
    local.set $grid0
    local.get $args
    i32.load offset=32
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
        ;; SIMD loop: 4 lanes of i (f64 values as pairs of f64x2)
        local.get $stop
        i32.const 4
        i32.sub
        local.set $ti32_16
        i32.const 1
        local.get $i
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $ti32_16
        local.set $ti32_17
        local.get $ti32_17
        local.get $x_len
        i32.lt_u
        i32.and
        local.get $x_len
        local.get $ti32_17
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        local.get $i
        local.get $y_len
        i32.lt_u
        i32.and
        local.get $ti32_16
        local.set $ti32_17
        local.get $ti32_17
        local.get $y_len
        i32.lt_u
        i32.and
        local.get $y_len
        local.get $ti32_17
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
                local.get $i
                local.set $ti32_17
                local.get $x_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                v128.load
                local.set $a
                local.get $i
                local.set $ti32_17
                local.get $y_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                v128.load
                local.set $b
                local.get $i_v
                i32.const 3
                i32x4.shl
                local.set $k
                local.get $a
                i32x4.abs
                local.set $tv128_22
                local.get $k
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.get $b
                i32x4.min_s
                local.set $tv128_22
                local.get $k
                v128.const i8x16 1 0 0 0 1 0 0 0 1 0 0 0 1 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.get $b
                i32x4.max_s
                v128.const i8x16 3 0 0 0 3 0 0 0 3 0 0 0 3 0 0 0
                i32x4.max_s
                local.set $tv128_22
                local.get $k
                v128.const i8x16 2 0 0 0 2 0 0 0 2 0 0 0 2 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.set $tv128_23
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 1
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 2
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 3
                local.set $tv128_24
                local.get $tv128_24
                local.set $tv128_22
                local.get $k
                v128.const i8x16 3 0 0 0 3 0 0 0 3 0 0 0 3 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.get $b
                i32x4.mul
                local.set $tv128_22
                local.get $k
                v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.set $tv128_23
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 1
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 2
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 3
                local.set $tv128_24
                local.get $tv128_24
                local.set $tv128_22
                local.get $k
                v128.const i8x16 5 0 0 0 5 0 0 0 5 0 0 0 5 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a
                local.set $tv128_22
                local.get $k
                v128.const i8x16 6 0 0 0 6 0 0 0 6 0 0 0 6 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $b
                local.tee $tv128_23
                local.get $tv128_23
                local.get $tv128_23
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_23
                f64x2.convert_low_i32x4_s
                local.get $tv128_23
                f64x2.convert_low_i32x4_s
                local.set $tv128_23
                f64x2.sqrt
                local.get $tv128_23
                f64x2.sqrt
                local.set $tv128_23
                local.tee $tv128_24
                i32x4.trunc_sat_f64x2_s_zero
                local.tee $tv128_26
                i32.const -2147483647
                i32x4.splat
                i32x4.add
                i32.const 2
                i32x4.splat
                i32x4.lt_u
                v128.any_true
                if (result v128)
                  local.get $tv128_24
                  f64x2.trunc
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const 2.3283064365386963e-10
                  f64x2.splat
                  f64x2.mul
                  f64x2.trunc
                  f64.const 4294967296
                  f64x2.splat
                  f64x2.mul
                  f64x2.sub
                  local.set $tv128_24
                  local.get $tv128_24
                  local.get $tv128_24
                  f64.const 2147483648
                  f64x2.splat
                  f64x2.ge
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.sub
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const -2147483648
                  f64x2.splat
                  f64x2.lt
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.add
                  i32x4.trunc_sat_f64x2_s_zero
                else
                  local.get $tv128_26
                end
                local.get $tv128_23
                local.tee $tv128_24
                i32x4.trunc_sat_f64x2_s_zero
                local.tee $tv128_26
                i32.const -2147483647
                i32x4.splat
                i32x4.add
                i32.const 2
                i32x4.splat
                i32x4.lt_u
                v128.any_true
                if (result v128)
                  local.get $tv128_24
                  f64x2.trunc
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const 2.3283064365386963e-10
                  f64x2.splat
                  f64x2.mul
                  f64x2.trunc
                  f64.const 4294967296
                  f64x2.splat
                  f64x2.mul
                  f64x2.sub
                  local.set $tv128_24
                  local.get $tv128_24
                  local.get $tv128_24
                  f64.const 2147483648
                  f64x2.splat
                  f64x2.ge
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.sub
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const -2147483648
                  f64x2.splat
                  f64x2.lt
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.add
                  i32x4.trunc_sat_f64x2_s_zero
                else
                  local.get $tv128_26
                end
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $tv128_22
                local.get $k
                v128.const i8x16 7 0 0 0 7 0 0 0 7 0 0 0 7 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
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
                local.get $i
                local.set $ti32_17
                local.get $ti32_17
                local.get $x_len
                i32.lt_u
                local.get $x_len
                local.get $ti32_17
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if (result v128)
                  local.get $x_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  v128.load
                else
                  local.get $i_v_2
                  local.set $tv128_22
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $x_len
                  i32.lt_u
                  if (result i32)
                    local.get $x_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 0
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $x_len
                  i32.lt_u
                  if (result i32)
                    local.get $x_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 1
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $x_len
                  i32.lt_u
                  if (result i32)
                    local.get $x_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 2
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $x_len
                  i32.lt_u
                  if (result i32)
                    local.get $x_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 3
                  local.set $tv128_23
                  local.get $tv128_23
                end
                local.set $a_2
                local.get $i
                local.set $ti32_17
                local.get $ti32_17
                local.get $y_len
                i32.lt_u
                local.get $y_len
                local.get $ti32_17
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if (result v128)
                  local.get $y_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  v128.load
                else
                  local.get $i_v_2
                  local.set $tv128_22
                  v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $y_len
                  i32.lt_u
                  if (result i32)
                    local.get $y_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 0
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $y_len
                  i32.lt_u
                  if (result i32)
                    local.get $y_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 1
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $y_len
                  i32.lt_u
                  if (result i32)
                    local.get $y_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 2
                  local.set $tv128_23
                  local.get $tv128_23
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  local.set $ti32_16
                  local.get $ti32_16
                  local.get $y_len
                  i32.lt_u
                  if (result i32)
                    local.get $y_ptr
                    local.get $ti32_16
                    i32.const 2
                    i32.shl
                    i32.add
                    i32.load
                  else
                    i32.const 0
                  end
                  i32x4.replace_lane 3
                  local.set $tv128_23
                  local.get $tv128_23
                end
                local.set $b_2
                local.get $i_v_2
                i32.const 3
                i32x4.shl
                local.set $k_2
                local.get $a_2
                i32x4.abs
                local.set $tv128_22
                local.get $k_2
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.get $b_2
                i32x4.min_s
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 1 0 0 0 1 0 0 0 1 0 0 0 1 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.get $b_2
                i32x4.max_s
                v128.const i8x16 3 0 0 0 3 0 0 0 3 0 0 0 3 0 0 0
                i32x4.max_s
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 2 0 0 0 2 0 0 0 2 0 0 0 2 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.set $tv128_23
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 1
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 2
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                f64.const 1
                local.get $ti32_17
                f64.convert_i32_s
                local.tee $tf64_25
                f64.copysign
                local.get $tf64_25
                local.get $tf64_25
                f64.abs
                f64.const 0
                f64.gt
                select
                local.tee $tf64_25
                i32.trunc_sat_f64_s
                local.tee $ti32_16
                i32.const -2147483647
                i32.add
                i32.const 2
                i32.lt_u
                if (result i32)
                  local.get $tf64_25
                  local.get $tf64_25
                  f64.const 2.3283064365386963e-10
                  f64.mul
                  f64.trunc
                  f64.const 4294967296
                  f64.mul
                  f64.sub
                  i64.trunc_sat_f64_s
                  i32.wrap_i64
                else
                  local.get $ti32_16
                end
                i32x4.replace_lane 3
                local.set $tv128_24
                local.get $tv128_24
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 3 0 0 0 3 0 0 0 3 0 0 0 3 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.get $b_2
                i32x4.mul
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.set $tv128_23
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 0
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 1
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 2
                local.set $tv128_24
                local.get $tv128_24
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                i32.clz
                i32x4.replace_lane 3
                local.set $tv128_24
                local.get $tv128_24
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 5 0 0 0 5 0 0 0 5 0 0 0 5 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $a_2
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 6 0 0 0 6 0 0 0 6 0 0 0 6 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
                end
                local.get $b_2
                local.tee $tv128_23
                local.get $tv128_23
                local.get $tv128_23
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_23
                f64x2.convert_low_i32x4_s
                local.get $tv128_23
                f64x2.convert_low_i32x4_s
                local.set $tv128_23
                f64x2.sqrt
                local.get $tv128_23
                f64x2.sqrt
                local.set $tv128_23
                local.tee $tv128_24
                i32x4.trunc_sat_f64x2_s_zero
                local.tee $tv128_26
                i32.const -2147483647
                i32x4.splat
                i32x4.add
                i32.const 2
                i32x4.splat
                i32x4.lt_u
                v128.any_true
                if (result v128)
                  local.get $tv128_24
                  f64x2.trunc
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const 2.3283064365386963e-10
                  f64x2.splat
                  f64x2.mul
                  f64x2.trunc
                  f64.const 4294967296
                  f64x2.splat
                  f64x2.mul
                  f64x2.sub
                  local.set $tv128_24
                  local.get $tv128_24
                  local.get $tv128_24
                  f64.const 2147483648
                  f64x2.splat
                  f64x2.ge
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.sub
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const -2147483648
                  f64x2.splat
                  f64x2.lt
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.add
                  i32x4.trunc_sat_f64x2_s_zero
                else
                  local.get $tv128_26
                end
                local.get $tv128_23
                local.tee $tv128_24
                i32x4.trunc_sat_f64x2_s_zero
                local.tee $tv128_26
                i32.const -2147483647
                i32x4.splat
                i32x4.add
                i32.const 2
                i32x4.splat
                i32x4.lt_u
                v128.any_true
                if (result v128)
                  local.get $tv128_24
                  f64x2.trunc
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const 2.3283064365386963e-10
                  f64x2.splat
                  f64x2.mul
                  f64x2.trunc
                  f64.const 4294967296
                  f64x2.splat
                  f64x2.mul
                  f64x2.sub
                  local.set $tv128_24
                  local.get $tv128_24
                  local.get $tv128_24
                  f64.const 2147483648
                  f64x2.splat
                  f64x2.ge
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.sub
                  local.tee $tv128_24
                  local.get $tv128_24
                  f64.const -2147483648
                  f64x2.splat
                  f64x2.lt
                  f64.const 4294967296
                  f64x2.splat
                  v128.and
                  f64x2.add
                  i32x4.trunc_sat_f64x2_s_zero
                else
                  local.get $tv128_26
                end
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $tv128_22
                local.get $k_2
                v128.const i8x16 7 0 0 0 7 0 0 0 7 0 0 0 7 0 0 0
                i32x4.add
                local.set $tv128_23
                local.get $tv128_23
                i32x4.extract_lane 0
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 0
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 1
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 1
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 2
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 2
                  i32.store
                end
                local.get $tv128_23
                i32x4.extract_lane 3
                local.set $ti32_17
                local.get $ti32_17
                local.get $o_len
                i32.lt_u
                if
                  local.get $o_ptr
                  local.get $ti32_17
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_22
                  i32x4.extract_lane 3
                  i32.store
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
              local.set $ti32_17
              local.get $ti32_17
              local.get $x_len
              i32.lt_u
              if (result i32)
                local.get $x_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                i32.load
              else
                i32.const 0
              end
              local.set $a_3
              local.get $i
              local.set $ti32_17
              local.get $ti32_17
              local.get $y_len
              i32.lt_u
              if (result i32)
                local.get $y_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                i32.load
              else
                i32.const 0
              end
              local.set $b_3
              local.get $i
              i32.const 8
              i32.mul
              local.set $k_3
              local.get $k_3
              local.set $ti32_17
              local.get $a_3
              local.set $ti32_34
              i32.const 0
              local.get $ti32_34
              i32.sub
              local.get $ti32_34
              local.get $ti32_34
              i32.const 0
              i32.lt_s
              select
              local.set $ti32_16
              local.get $ti32_17
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_16
                i32.store
              end
              local.get $k_3
              i32.const 1
              i32.add
              local.set $ti32_16
              local.get $a_3
              local.tee $ti32_34
              local.get $b_3
              local.tee $ti32_35
              local.get $ti32_34
              local.get $ti32_35
              i32.lt_s
              select
              local.set $ti32_17
              local.get $ti32_16
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_16
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_17
                i32.store
              end
              local.get $k_3
              i32.const 2
              i32.add
              local.set $ti32_17
              local.get $a_3
              local.tee $ti32_36
              local.get $b_3
              local.tee $ti32_37
              local.get $ti32_36
              local.get $ti32_37
              i32.gt_s
              select
              local.tee $ti32_35
              i32.const 3
              local.tee $ti32_34
              local.get $ti32_35
              local.get $ti32_34
              i32.gt_s
              select
              local.set $ti32_16
              local.get $ti32_17
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_16
                i32.store
              end
              local.get $k_3
              i32.const 3
              i32.add
              local.set $ti32_16
              f64.const 1
              local.get $a_3
              f64.convert_i32_s
              local.tee $tf64_25
              f64.copysign
              local.get $tf64_25
              local.get $tf64_25
              f64.abs
              f64.const 0
              f64.gt
              select
              local.tee $tf64_25
              i32.trunc_sat_f64_s
              local.tee $ti32_34
              i32.const -2147483647
              i32.add
              i32.const 2
              i32.lt_u
              if (result i32)
                local.get $tf64_25
                local.get $tf64_25
                f64.const 2.3283064365386963e-10
                f64.mul
                f64.trunc
                f64.const 4294967296
                f64.mul
                f64.sub
                i64.trunc_sat_f64_s
                i32.wrap_i64
              else
                local.get $ti32_34
              end
              local.set $ti32_17
              local.get $ti32_16
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_16
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_17
                i32.store
              end
              local.get $k_3
              i32.const 4
              i32.add
              local.set $ti32_17
              local.get $a_3
              local.get $b_3
              i32.mul
              local.set $ti32_16
              local.get $ti32_17
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_16
                i32.store
              end
              local.get $k_3
              i32.const 5
              i32.add
              local.set $ti32_16
              local.get $a_3
              i32.clz
              local.set $ti32_17
              local.get $ti32_16
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_16
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_17
                i32.store
              end
              local.get $k_3
              i32.const 6
              i32.add
              local.set $ti32_17
              local.get $a_3
              local.set $ti32_16
              local.get $ti32_17
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_17
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_16
                i32.store
              end
              local.get $k_3
              i32.const 7
              i32.add
              local.set $ti32_16
              local.get $b_3
              f64.convert_i32_s
              f64.sqrt
              local.tee $tf64_25
              i32.trunc_sat_f64_s
              local.tee $ti32_34
              i32.const -2147483647
              i32.add
              i32.const 2
              i32.lt_u
              if (result i32)
                local.get $tf64_25
                local.get $tf64_25
                f64.const 2.3283064365386963e-10
                f64.mul
                f64.trunc
                f64.const 4294967296
                f64.mul
                f64.sub
                i64.trunc_sat_f64_s
                i32.wrap_i64
              else
                local.get $ti32_34
              end
              local.set $ti32_17
              local.get $ti32_16
              local.get $o_len
              i32.lt_u
              if
                local.get $o_ptr
                local.get $ti32_16
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_17
                i32.store
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