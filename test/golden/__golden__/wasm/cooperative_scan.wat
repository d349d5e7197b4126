(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $x_ptr i32)
    (local $x_len i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $grid0 i32)
    (local $x_length i32)
    (local $extent0 i32)
    (local $flat i32)
    (local $nb_group0 i32)
    (local $stop i32)
    (local $nb_l i32)
    (local $nb_local0 i32)
    (local $i i32)
    (local $ti32_17 i32)
    (local $tf32_18 f32)
    (local $ti32_19 i32)
    (local $off i32)
    (local $nb_local0 i32)
    (local $nb_local0 i32)
    (local $nb_local0 i32)
    (local $i i32)
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
    local.set $x_length
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
        local.set $nb_group0
        local.get $end
        local.set $stop
        local.get $flat
        local.get $stop
        local.get $nb_group0
        i32.sub
        i32.add
        local.set $flat
        ;; scalar loop
        block
          loop
            local.get $nb_group0
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $scratch
              i32.const 0
              i32.store offset=64
              local.get $scratch
              i32.const 0
              i32.store offset=68
              local.get $scratch
              i32.const 0
              i32.store offset=72
              local.get $scratch
              i32.const 0
              i32.store offset=76
              local.get $scratch
              i32.const 0
              i32.store offset=80
              local.get $scratch
              i32.const 0
              i32.store offset=84
              local.get $scratch
              i32.const 0
              i32.store offset=88
              local.get $scratch
              i32.const 0
              i32.store offset=92
              local.get $scratch
              i32.const 0
              i32.store offset=96
              local.get $scratch
              i32.const 0
              i32.store offset=100
              local.get $scratch
              i32.const 0
              i32.store offset=104
              local.get $scratch
              i32.const 0
              i32.store offset=108
              local.get $scratch
              i32.const 0
              i32.store offset=112
              local.get $scratch
              i32.const 0
              i32.store offset=116
              local.get $scratch
              i32.const 0
              i32.store offset=120
              local.get $scratch
              i32.const 0
              i32.store offset=124
              local.get $scratch
              i32.const 0
              i32.store offset=128
              local.get $scratch
              i32.const 0
              i32.store offset=132
              local.get $scratch
              i32.const 0
              i32.store offset=136
              local.get $scratch
              i32.const 0
              i32.store offset=140
              local.get $scratch
              i32.const 0
              i32.store offset=144
              local.get $scratch
              i32.const 0
              i32.store offset=148
              local.get $scratch
              i32.const 0
              i32.store offset=152
              local.get $scratch
              i32.const 0
              i32.store offset=156
              local.get $scratch
              i32.const 0
              i32.store offset=160
              local.get $scratch
              i32.const 0
              i32.store offset=164
              local.get $scratch
              i32.const 0
              i32.store offset=168
              local.get $scratch
              i32.const 0
              i32.store offset=172
              local.get $scratch
              i32.const 0
              i32.store offset=176
              local.get $scratch
              i32.const 0
              i32.store offset=180
              local.get $scratch
              i32.const 0
              i32.store offset=184
              local.get $scratch
              i32.const 0
              i32.store offset=188
              local.get $scratch
              i32.const 0
              i32.store offset=192
              local.get $scratch
              i32.const 0
              i32.store offset=196
              local.get $scratch
              i32.const 0
              i32.store offset=200
              local.get $scratch
              i32.const 0
              i32.store offset=204
              local.get $scratch
              i32.const 0
              i32.store offset=208
              local.get $scratch
              i32.const 0
              i32.store offset=212
              local.get $scratch
              i32.const 0
              i32.store offset=216
              local.get $scratch
              i32.const 0
              i32.store offset=220
              local.get $scratch
              i32.const 0
              i32.store offset=224
              local.get $scratch
              i32.const 0
              i32.store offset=228
              local.get $scratch
              i32.const 0
              i32.store offset=232
              local.get $scratch
              i32.const 0
              i32.store offset=236
              local.get $scratch
              i32.const 0
              i32.store offset=240
              local.get $scratch
              i32.const 0
              i32.store offset=244
              local.get $scratch
              i32.const 0
              i32.store offset=248
              local.get $scratch
              i32.const 0
              i32.store offset=252
              local.get $scratch
              i32.const 0
              i32.store offset=256
              local.get $scratch
              i32.const 0
              i32.store offset=260
              local.get $scratch
              i32.const 0
              i32.store offset=264
              local.get $scratch
              i32.const 0
              i32.store offset=268
              local.get $scratch
              i32.const 0
              i32.store offset=272
              local.get $scratch
              i32.const 0
              i32.store offset=276
              local.get $scratch
              i32.const 0
              i32.store offset=280
              local.get $scratch
              i32.const 0
              i32.store offset=284
              local.get $scratch
              i32.const 0
              i32.store offset=288
              local.get $scratch
              i32.const 0
              i32.store offset=292
              local.get $scratch
              i32.const 0
              i32.store offset=296
              local.get $scratch
              i32.const 0
              i32.store offset=300
              local.get $scratch
              i32.const 0
              i32.store offset=304
              local.get $scratch
              i32.const 0
              i32.store offset=308
              local.get $scratch
              i32.const 0
              i32.store offset=312
              local.get $scratch
              i32.const 0
              i32.store offset=316
              local.get $scratch
              i32.const 0
              i32.store offset=320
              local.get $scratch
              i32.const 0
              i32.store offset=324
              local.get $scratch
              i32.const 0
              i32.store offset=328
              local.get $scratch
              i32.const 0
              i32.store offset=332
              local.get $scratch
              i32.const 0
              i32.store offset=336
              local.get $scratch
              i32.const 0
              i32.store offset=340
              local.get $scratch
              i32.const 0
              i32.store offset=344
              local.get $scratch
              i32.const 0
              i32.store offset=348
              local.get $scratch
              i32.const 0
              i32.store offset=352
              local.get $scratch
              i32.const 0
              i32.store offset=356
              local.get $scratch
              i32.const 0
              i32.store offset=360
              local.get $scratch
              i32.const 0
              i32.store offset=364
              local.get $scratch
              i32.const 0
              i32.store offset=368
              local.get $scratch
              i32.const 0
              i32.store offset=372
              local.get $scratch
              i32.const 0
              i32.store offset=376
              local.get $scratch
              i32.const 0
              i32.store offset=380
              local.get $scratch
              i32.const 0
              i32.store offset=384
              local.get $scratch
              i32.const 0
              i32.store offset=388
              local.get $scratch
              i32.const 0
              i32.store offset=392
              local.get $scratch
              i32.const 0
              i32.store offset=396
              local.get $scratch
              i32.const 0
              i32.store offset=400
              local.get $scratch
              i32.const 0
              i32.store offset=404
              local.get $scratch
              i32.const 0
              i32.store offset=408
              local.get $scratch
              i32.const 0
              i32.store offset=412
              local.get $scratch
              i32.const 0
              i32.store offset=416
              local.get $scratch
              i32.const 0
              i32.store offset=420
              local.get $scratch
              i32.const 0
              i32.store offset=424
              local.get $scratch
              i32.const 0
              i32.store offset=428
              local.get $scratch
              i32.const 0
              i32.store offset=432
              local.get $scratch
              i32.const 0
              i32.store offset=436
              local.get $scratch
              i32.const 0
              i32.store offset=440
              local.get $scratch
              i32.const 0
              i32.store offset=444
              local.get $scratch
              i32.const 0
              i32.store offset=448
              local.get $scratch
              i32.const 0
              i32.store offset=452
              local.get $scratch
              i32.const 0
              i32.store offset=456
              local.get $scratch
              i32.const 0
              i32.store offset=460
              local.get $scratch
              i32.const 0
              i32.store offset=464
              local.get $scratch
              i32.const 0
              i32.store offset=468
              local.get $scratch
              i32.const 0
              i32.store offset=472
              local.get $scratch
              i32.const 0
              i32.store offset=476
              local.get $scratch
              i32.const 0
              i32.store offset=480
              local.get $scratch
              i32.const 0
              i32.store offset=484
              local.get $scratch
              i32.const 0
              i32.store offset=488
              local.get $scratch
              i32.const 0
              i32.store offset=492
              local.get $scratch
              i32.const 0
              i32.store offset=496
              local.get $scratch
              i32.const 0
              i32.store offset=500
              local.get $scratch
              i32.const 0
              i32.store offset=504
              local.get $scratch
              i32.const 0
              i32.store offset=508
              local.get $scratch
              i32.const 0
              i32.store offset=512
              local.get $scratch
              i32.const 0
              i32.store offset=516
              local.get $scratch
              i32.const 0
              i32.store offset=520
              local.get $scratch
              i32.const 0
              i32.store offset=524
              local.get $scratch
              i32.const 0
              i32.store offset=528
              local.get $scratch
              i32.const 0
              i32.store offset=532
              local.get $scratch
              i32.const 0
              i32.store offset=536
              local.get $scratch
              i32.const 0
              i32.store offset=540
              local.get $scratch
              i32.const 0
              i32.store offset=544
              local.get $scratch
              i32.const 0
              i32.store offset=548
              local.get $scratch
              i32.const 0
              i32.store offset=552
              local.get $scratch
              i32.const 0
              i32.store offset=556
              local.get $scratch
              i32.const 0
              i32.store offset=560
              local.get $scratch
              i32.const 0
              i32.store offset=564
              local.get $scratch
              i32.const 0
              i32.store offset=568
              local.get $scratch
              i32.const 0
              i32.store offset=572
              i32.const 0
              local.set $nb_l
              i32.const 0
              local.set $nb_l
              block
                loop
                  local.get $nb_l
                  i32.const 64
                  i32.lt_s
                  i32.eqz
                  br_if 1
                  block
                    block
                      local.get $nb_l
                      local.set $nb_local0
                      local.get $nb_group0
                      i32.const 64
                      i32.mul
                      local.get $nb_local0
                      i32.add
                      local.set $i
                      local.get $nb_local0
                      local.set $ti32_17
                      local.get $i
                      local.set $ti32_19
                      local.get $ti32_19
                      local.get $x_len
                      i32.lt_u
                      if (result f32)
                        local.get $x_ptr
                        local.get $ti32_19
                        i32.const 2
                        i32.shl
                        i32.add
                        f32.load
                      else
                        f32.const nan
                      end
                      f32.const 0
                      local.get $i
                      local.get $x_length
                      i32.lt_s
                      select
                      local.set $tf32_18
                      local.get $ti32_17
                      i32.const 64
                      i32.lt_u
                      if
                        local.get $scratch
                        local.get $ti32_17
                        i32.const 2
                        i32.shl
                        i32.add
                        local.get $tf32_18
                        f32.store offset=64
                      end
                    end
                  end
                  local.get $nb_l
                  i32.const 1
                  i32.add
                  local.set $nb_l
                  br 0
                end
              end
              i32.const 1
              local.set $off
              block
                loop
                  local.get $off
                  i32.const 64
                  i32.lt_s
                  i32.eqz
                  br_if 1
                  block
                    i32.const 0
                    local.set $nb_l
                    block
                      loop
                        local.get $nb_l
                        i32.const 64
                        i32.lt_s
                        i32.eqz
                        br_if 1
                        block
                          block
                            local.get $nb_l
                            local.set $nb_local0
                            local.get $nb_l
                            local.set $ti32_17
                            local.get $nb_local0
                            local.get $off
                            i32.sub
                            local.set $ti32_19
                            local.get $ti32_19
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_19
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=64
                            else
                              f32.const nan
                            end
                            f32.const 0
                            local.get $nb_local0
                            local.get $off
                            i32.ge_s
                            select
                            local.set $tf32_18
                            local.get $ti32_17
                            i32.const 64
                            i32.lt_u
                            if
                              local.get $scratch
                              local.get $ti32_17
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tf32_18
                              f32.store offset=320
                            end
                          end
                        end
                        local.get $nb_l
                        i32.const 1
                        i32.add
                        local.set $nb_l
                        br 0
                      end
                    end
                    i32.const 0
                    local.set $nb_l
                    block
                      loop
                        local.get $nb_l
                        i32.const 64
                        i32.lt_s
                        i32.eqz
                        br_if 1
                        block
                          block
                            local.get $nb_l
                            local.set $nb_local0
                            local.get $nb_local0
                            local.set $ti32_17
                            local.get $nb_local0
                            local.set $ti32_19
                            local.get $ti32_19
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_19
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=64
                            else
                              f32.const nan
                            end
                            local.get $nb_l
                            local.set $ti32_19
                            local.get $ti32_19
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_19
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=320
                            else
                              f32.const nan
                            end
                            f32.add
                            local.set $tf32_18
                            local.get $ti32_17
                            i32.const 64
                            i32.lt_u
                            if
                              local.get $scratch
                              local.get $ti32_17
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tf32_18
                              f32.store offset=64
                            end
                          end
                        end
                        local.get $nb_l
                        i32.const 1
                        i32.add
                        local.set $nb_l
                        br 0
                      end
                    end
                  end
                  local.get $off
                  i32.const 2
                  i32.mul
                  local.set $off
                  br 0
                end
              end
              i32.const 0
              local.set $nb_l
              block
                loop
                  local.get $nb_l
                  i32.const 64
                  i32.lt_s
                  i32.eqz
                  br_if 1
                  block
                    block
                      local.get $nb_l
                      local.set $nb_local0
                      local.get $nb_group0
                      i32.const 64
                      i32.mul
                      local.get $nb_local0
                      i32.add
                      local.set $i
                      local.get $i
                      local.get $x_length
                      i32.lt_s
                      if
                        local.get $i
                        local.set $ti32_17
                        local.get $nb_local0
                        local.set $ti32_19
                        local.get $ti32_19
                        i32.const 64
                        i32.lt_u
                        if (result f32)
                          local.get $scratch
                          local.get $ti32_19
                          i32.const 2
                          i32.shl
                          i32.add
                          f32.load offset=64
                        else
                          f32.const nan
                        end
                        local.get $nb_group0
                        f32.convert_i32_s
                        f32.add
                        local.set $tf32_18
                        local.get $ti32_17
                        local.get $out_len
                        i32.lt_u
                        if
                          local.get $out_ptr
                          local.get $ti32_17
                          i32.const 2
                          i32.shl
                          i32.add
                          local.get $tf32_18
                          f32.store
                        end
                      end
                    end
                  end
                  local.get $nb_l
                  i32.const 1
                  i32.add
                  local.set $nb_l
                  br 0
                end
              end
            end
            local.get $nb_group0
            i32.const 1
            i32.add
            local.set $nb_group0
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