(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "math" "cbrt" (func 0 (param f64) (result f64)))
  (import "math" "exp" (func 1 (param f64) (result f64)))
  (import "math" "expm1" (func 2 (param f64) (result f64)))
  (import "math" "log" (func 3 (param f64) (result f64)))
  (import "math" "log1p" (func 4 (param f64) (result f64)))
  (import "math" "log2" (func 5 (param f64) (result f64)))
  (import "math" "log10" (func 6 (param f64) (result f64)))
  (import "math" "sin" (func 7 (param f64) (result f64)))
  (import "math" "cos" (func 8 (param f64) (result f64)))
  (import "math" "tan" (func 9 (param f64) (result f64)))
  (import "math" "asin" (func 10 (param f64) (result f64)))
  (import "math" "acos" (func 11 (param f64) (result f64)))
  (import "math" "atan" (func 12 (param f64) (result f64)))
  (import "math" "sinh" (func 13 (param f64) (result f64)))
  (import "math" "cosh" (func 14 (param f64) (result f64)))
  (import "math" "tanh" (func 15 (param f64) (result f64)))
  (import "math" "asinh" (func 16 (param f64) (result f64)))
  (import "math" "acosh" (func 17 (param f64) (result f64)))
  (import "math" "atanh" (func 18 (param f64) (result f64)))
  (import "math" "atan2" (func 19 (param f64 f64) (result f64)))
  (import "math" "pow" (func 20 (param f64 f64) (result f64)))
  (import "math" "hypot" (func 21 (param f64 f64) (result f64)))
  (import "math" "fmod" (func 22 (param f64 f64) (result f64)))
  (import "env" "oob" (func 23 (param i32 i32 i32)))
  (export "run" (func $run))
  (func $run (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $y_ptr i32)
    (local $y_len i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $a f32)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $exec v128)
    (local $i_v v128)
    (local $tv128_17 v128)
    (local $ti32_18 i32)
    (local $tv128_19 v128)
    (local $tv128_20 v128)
    (local $ti32_21 i32)
    (local $tf32_22 f32)
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
    f32.load offset=24
    local.set $a
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
        ;; SIMD loop: 4 lanes of i
        block
          loop
            local.get $i
            i32.const 4
            i32.add
            local.get $stop
            i32.gt_s
            br_if 1
            local.get $i
            i32x4.splat
            v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
            i32x4.add
            local.set $i_v
            block
              local.get $a
              f32x4.splat
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
                local.get $i_v
                local.set $tv128_19
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 0
                local.set $ti32_21
                local.get $ti32_21
                local.get $x_len
                i32.lt_u
                if (result f32)
                  local.get $x_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 0
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 1
                local.set $ti32_21
                local.get $ti32_21
                local.get $x_len
                i32.lt_u
                if (result f32)
                  local.get $x_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 1
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 2
                local.set $ti32_21
                local.get $ti32_21
                local.get $x_len
                i32.lt_u
                if (result f32)
                  local.get $x_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 2
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 3
                local.set $ti32_21
                local.get $ti32_21
                local.get $x_len
                i32.lt_u
                if (result f32)
                  local.get $x_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 3
                local.set $tv128_20
                local.get $tv128_20
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
                local.get $i_v
                local.set $tv128_19
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 0
                local.set $ti32_21
                local.get $ti32_21
                local.get $y_len
                i32.lt_u
                if (result f32)
                  local.get $y_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 0
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 1
                local.set $ti32_21
                local.get $ti32_21
                local.get $y_len
                i32.lt_u
                if (result f32)
                  local.get $y_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 1
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 2
                local.set $ti32_21
                local.get $ti32_21
                local.get $y_len
                i32.lt_u
                if (result f32)
                  local.get $y_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 2
                local.set $tv128_20
                local.get $tv128_20
                local.get $tv128_19
                i32x4.extract_lane 3
                local.set $ti32_21
                local.get $ti32_21
                local.get $y_len
                i32.lt_u
                if (result f32)
                  local.get $y_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  f32.load
                else
                  f32.const nan
                end
                f32x4.replace_lane 3
                local.set $tv128_20
                local.get $tv128_20
              end
              f32x4.add
              local.set $tv128_17
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
                local.get $tv128_17
                v128.store
              else
                local.get $i_v
                local.set $tv128_19
                local.get $tv128_19
                i32x4.extract_lane 0
                local.set $ti32_21
                local.get $ti32_21
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_17
                  f32x4.extract_lane 0
                  f32.store
                end
                local.get $tv128_19
                i32x4.extract_lane 1
                local.set $ti32_21
                local.get $ti32_21
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_17
                  f32x4.extract_lane 1
                  f32.store
                end
                local.get $tv128_19
                i32x4.extract_lane 2
                local.set $ti32_21
                local.get $ti32_21
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_17
                  f32x4.extract_lane 2
                  f32.store
                end
                local.get $tv128_19
                i32x4.extract_lane 3
                local.set $ti32_21
                local.get $ti32_21
                local.get $out_len
                i32.lt_u
                if
                  local.get $out_ptr
                  local.get $ti32_21
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_17
                  f32x4.extract_lane 3
                  f32.store
                end
              end
            end
            local.get $i
            i32.const 4
            i32.add
            local.set $i
            br 0
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
              local.get $i
              local.set $ti32_21
              local.get $ti32_21
              local.get $x_len
              i32.lt_u
              if (result f32)
                local.get $x_ptr
                local.get $ti32_21
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              f32.mul
              local.get $i
              local.set $ti32_21
              local.get $ti32_21
              local.get $y_len
              i32.lt_u
              if (result f32)
                local.get $y_ptr
                local.get $ti32_21
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              f32.add
              local.set $tf32_22
              local.get $ti32_18
              local.get $out_len
              i32.lt_u
              if
                local.get $out_ptr
                local.get $ti32_18
                i32.const 2
                i32.shl
                i32.add
                local.get $tf32_22
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
)