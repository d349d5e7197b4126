(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $grid0 i32)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $row_base i32)
    (local $square_v f32)
    (local $ti32_13 i32)
    (local $square_result f32)
    (local $ti32_15 i32)
    (local $tf32_16 f32)
    (local $ti32_17 i32)
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
        ;; scalar loop
        block
          loop
            local.get $i
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $i
              local.set $ti32_13
              local.get $ti32_13
              local.get $x_len
              i32.lt_u
              if (result f32)
                local.get $x_ptr
                local.get $ti32_13
                i32.const 2
                i32.shl
                i32.add
                f32.load
              else
                f32.const nan
              end
              local.set $square_v
              f32.const 0
              local.set $square_result
              local.get $square_v
              local.get $square_v
              f32.mul
              local.set $square_result
              local.get $row_base
              local.get $i
              i32.add
              i32.const 3
              i32.and
              local.tee $ti32_13
              i32.const 3
              i32.shl
              local.get $scratch
              i32.add
              local.set $ti32_15
              local.get $ti32_13
              i32.const 2
              i32.shl
              local.get $scratch
              i32.add
              local.set $ti32_17
              local.get $square_result
              f32.const 1
              f32.sub
              local.set $tf32_16
              local.get $ti32_15
              local.get $ti32_17
              i32.load offset=48
              if (result f32)
                local.get $ti32_15
                f32.load offset=16
                local.get $tf32_16
                call 1
              else
                local.get $tf32_16
              end
              f32.store offset=16
              local.get $ti32_17
              i32.const 1
              i32.store offset=48
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
  (func $combine (param $a f32) (param $b f32) (result f32)
    (local $combined f32)
    block
      f32.const 0
      local.set $combined
      block
        local.get $a
        local.get $b
        f32.max
        local.set $combined
        br 0
      end
    end
    local.get $combined
  )
  (export "run" (func $run))
  (func $run (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32) (result f32)
    (local $stop i32)
    (local $block_size i32)
    (local $half0 f32)
    (local $half0_has i32)
    (local $half2 f32)
    (local $half2_has i32)
    ;; reduce lanes: start empty
    local.get $scratch
    i32.const 0
    i32.store offset=48
    local.get $scratch
    i32.const 0
    i32.store offset=52
    local.get $scratch
    i32.const 0
    i32.store offset=56
    local.get $scratch
    i32.const 0
    i32.store offset=60
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
    i32.load offset=48
    if (result f32)
      local.get $scratch
      i32.load offset=52
      if (result f32)
        local.get $scratch
        f32.load offset=16
        local.get $scratch
        f32.load offset=24
        call 1
      else
        local.get $scratch
        f32.load offset=16
      end
    else
      local.get $scratch
      f32.load offset=24
    end
    local.set $half0
    local.get $scratch
    i32.load offset=48
    local.get $scratch
    i32.load offset=52
    i32.or
    local.set $half0_has
    local.get $scratch
    i32.load offset=56
    if (result f32)
      local.get $scratch
      i32.load offset=60
      if (result f32)
        local.get $scratch
        f32.load offset=32
        local.get $scratch
        f32.load offset=40
        call 1
      else
        local.get $scratch
        f32.load offset=32
      end
    else
      local.get $scratch
      f32.load offset=40
    end
    local.set $half2
    local.get $scratch
    i32.load offset=56
    local.get $scratch
    i32.load offset=60
    i32.or
    local.set $half2_has
    local.get $scratch
    local.get $half0_has
    local.get $half2_has
    i32.or
    i32.store
    local.get $half0_has
    if (result f32)
      local.get $half2_has
      if (result f32)
        local.get $half0
        local.get $half2
        call 1
      else
        local.get $half0
      end
    else
      local.get $half2
    end
  )
)