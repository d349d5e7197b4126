(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $hist_ptr i32)
    (local $hist_len i32)
    (local $grid0 i32)
    (local $hist_length i32)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $bin f32)
    (local $ti32_15 i32)
    (local $ti32_16 i32)
    (local $ti32_17 i32)
    (local $ti32_18 i32)
    (local $tf64_19 f64)
    (local $ti32_20 i32)
    local.get $args
    i32.load
    local.set $x_ptr
    local.get $args
    i32.load offset=4
    local.set $x_len
    local.get $args
    i32.load offset=8
    local.set $hist_ptr
    local.get $args
    i32.load offset=12
    local.set $hist_len
    local.get $args
    i32.load offset=16
    local.set $grid0
    local.get $args
    i32.load offset=24
    local.set $hist_length
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
        ;; scalar loop
        block
          loop
            local.get $i
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $hist_length
              i32.const 1
              i32.sub
              f32.convert_i32_s
              local.get $i
              local.set $ti32_15
              local.get $ti32_15
              local.get $x_len
              i32.lt_u
              if (result f32)
                local.get $x_ptr
                local.get $ti32_15
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              local.get $hist_length
              f32.convert_i32_s
              f32.mul
              f32.floor
              f32.min
              local.set $bin
              local.get $bin
              f64.promote_f32
              local.tee $tf64_19
              i32.trunc_sat_f64_s
              local.tee $ti32_20
              i32.const -2147483647
              i32.add
              i32.const 2
              i32.lt_u
              if (result i32)
                local.get $tf64_19
                local.get $tf64_19
                f64.const 2.3283064365386963e-10
                f64.mul
                f64.trunc
                f64.const 4294967296
                f64.mul
                f64.sub
                i64.trunc_sat_f64_s
                i32.wrap_i64
              else
                local.get $ti32_20
              end
              i32.const -1
              local.get $bin
              local.get $bin
              f32.trunc
              f32.eq
              local.get $bin
              f32.const 0
              f32.ge
              local.get $bin
              f32.const 2147483648
              f32.lt
              i32.and
              i32.and
              select
              local.set $ti32_15
              i32.const 1
              local.set $ti32_17
              local.get $ti32_15
              local.get $hist_len
              i32.lt_u
              if (result i32)
                local.get $hist_ptr
                local.get $ti32_15
                i32.const 2
                i32.shl
                i32.add
                local.set $ti32_16
                local.get $ti32_16
                local.get $ti32_17
                i32.atomic.rmw.add
              else
                i32.const 0
              end
              drop
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