(module
  (import "env" "memory" (memory 1 65536 shared))
  (import "env" "oob" (func $env_oob (param i32 i32 i32)))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $grid0 i32)
    (local $extent0 i32)
    (local $flat i32)
    (local $i i32)
    (local $stop i32)
    (local $s i32)
    (local $k i32)
    (local $ti32_15 i32)
    (local $ti32_16 i32)
    local.get $args
    i32.load
    local.set $x_ptr
    local.get $args
    i32.load offset=4
    local.set $x_len
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
              i32.const 0
              local.set $s
              i32.const 0
              local.set $k
              block
                local.get $k
                i32.const 10
                i32.lt_s
                i32.eqz
                br_if 0
                loop
                  block
                    local.get $k
                    local.get $i
                    i32.eq
                    if
                      br 1
                    end
                    local.get $s
                    i32.const 100
                    i32.gt_s
                    if
                      br 3
                    end
                    local.get $s
                    local.get $k
                    local.set $ti32_15
                    local.get $ti32_15
                    local.get $x_len
                    i32.lt_u
                    if (result i32)
                      local.get $x_ptr
                      local.get $ti32_15
                      i32.const 2
                      i32.shl
                      i32.add
                      i32.load
                    else
                      i32.const 0
                      local.get $ti32_15
                      local.get $x_len
                      call 0
                      unreachable
                    end
                    i32.const 0
                    i32.or
                    i32.add
                    local.set $s
                  end
                  local.get $k
                  i32.const 1
                  i32.add
                  local.set $k
                  local.get $k
                  i32.const 10
                  i32.lt_s
                  br_if 0
                end
              end
              local.get $s
              i32.const 0
              i32.lt_s
              if
                br 1
              end
              local.get $i
              local.set $ti32_15
              local.get $s
              i32.const 1
              i32.shr_u
              local.set $ti32_16
              local.get $ti32_15
              local.get $out_len
              i32.lt_u
              if
                local.get $out_ptr
                local.get $ti32_15
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_16
                i32.store
              else
                i32.const 1
                local.get $ti32_15
                local.get $out_len
                call 0
                unreachable
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
        call 1
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