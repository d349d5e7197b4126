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
    (local $ti32_14 i32)
    (local $nb_l i32)
    (local $exec v128)
    (local $ti32_17 i32)
    (local $ti32_18 i32)
    (local $nb_l_v v128)
    (local $nb_group0_splat v128)
    (local $x_length_splat v128)
    (local $nb_local0 v128)
    (local $i v128)
    (local $tv128_24 v128)
    (local $nb_l_v_2 v128)
    (local $nb_group0_splat_2 v128)
    (local $x_length_splat_2 v128)
    (local $nb_local0_2 v128)
    (local $i_2 v128)
    (local $tv128_30 v128)
    (local $tv128_31 v128)
    (local $nb_local0_3 i32)
    (local $i_3 i32)
    (local $tf32_34 f32)
    (local $off i32)
    (local $exec_2 v128)
    (local $nb_l_v_3 v128)
    (local $off_splat v128)
    (local $nb_local0_4 v128)
    (local $nb_l_v_4 v128)
    (local $off_splat_2 v128)
    (local $nb_local0_5 v128)
    (local $nb_local0_6 i32)
    (local $exec_3 v128)
    (local $nb_l_v_5 v128)
    (local $nb_local0_7 v128)
    (local $nb_l_v_6 v128)
    (local $nb_local0_8 v128)
    (local $nb_local0_9 i32)
    (local $nb_bound f64)
    (local $nb_end i32)
    (local $tf64_52 f64)
    (local $exec_4 v128)
    (local $nb_l_v_7 v128)
    (local $nb_group0_splat_3 v128)
    (local $nb_local0_10 v128)
    (local $i_4 v128)
    (local $nb_l_v_8 v128)
    (local $nb_group0_splat_4 v128)
    (local $nb_local0_11 v128)
    (local $i_5 v128)
    (local $nb_local0_12 i32)
    (local $i_6 i32)
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
              ;; local arrays: 512 bytes zeroed 16 at a time
              local.get $scratch
              i32.const 64
              i32.add
              local.set $ti32_14
              loop
                local.get $ti32_14
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                v128.store
                local.get $ti32_14
                i32.const 16
                i32.add
                local.tee $ti32_14
                local.get $scratch
                i32.const 576
                i32.add
                i32.lt_u
                br_if 0
              end
              i32.const 0
              local.set $nb_l
              i32.const 0
              local.set $nb_l
              ;; phase 1: SIMD loop over 4 invocations at a time
              i32.const 64
              local.set $ti32_14
              local.get $ti32_14
              i32.const 4
              i32.sub
              local.set $ti32_17
              i32.const 1
              local.get $nb_l
              i32.const 64
              i32.lt_u
              i32.and
              local.get $ti32_17
              local.set $ti32_18
              local.get $ti32_18
              i32.const 64
              i32.lt_u
              i32.and
              i32.const 64
              local.get $ti32_18
              i32.sub
              i32.const 4
              i32.ge_u
              i32.and
              local.get $nb_group0
              i32.const 64
              i32.mul
              local.get $nb_l
              i32.add
              local.get $x_len
              i32.lt_u
              i32.and
              local.get $nb_group0
              i32.const 64
              i32.mul
              local.get $ti32_17
              i32.add
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
              if
                ;; every contiguous access is in range for the phase's invocations
                local.get $nb_group0
                i32x4.splat
                local.set $nb_group0_splat
                local.get $x_length
                i32x4.splat
                local.set $x_length_splat
                local.get $nb_l
                i32x4.splat
                v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                i32x4.add
                local.set $nb_l_v
                local.get $nb_l
                i32.const 4
                i32.add
                local.get $ti32_14
                i32.le_s
                if
                  loop
                    block
                      block
                        local.get $nb_l_v
                        local.set $nb_local0
                        local.get $nb_group0
                        i32.const 64
                        i32.mul
                        i32x4.splat
                        local.get $nb_local0
                        i32x4.add
                        local.set $i
                        local.get $i
                        i32x4.extract_lane 0
                        local.set $ti32_18
                        local.get $x_ptr
                        local.get $ti32_18
                        i32.const 2
                        i32.shl
                        i32.add
                        v128.load
                        v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                        local.get $i
                        local.get $x_length_splat
                        i32x4.lt_s
                        v128.bitselect
                        local.set $tv128_24
                        local.get $nb_local0
                        i32x4.extract_lane 0
                        local.set $ti32_18
                        local.get $scratch
                        local.get $ti32_18
                        i32.const 2
                        i32.shl
                        i32.add
                        local.get $tv128_24
                        v128.store offset=64
                      end
                    end
                    local.get $nb_l_v
                    v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                    i32x4.add
                    local.set $nb_l_v
                    local.get $nb_l
                    i32.const 4
                    i32.add
                    local.tee $nb_l
                    i32.const 4
                    i32.add
                    local.get $ti32_14
                    i32.le_s
                    br_if 0
                  end
                end
              else
                local.get $nb_group0
                i32x4.splat
                local.set $nb_group0_splat_2
                local.get $x_length
                i32x4.splat
                local.set $x_length_splat_2
                local.get $nb_l
                i32x4.splat
                v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                i32x4.add
                local.set $nb_l_v_2
                local.get $nb_l
                i32.const 4
                i32.add
                local.get $ti32_14
                i32.le_s
                if
                  loop
                    block
                      block
                        local.get $nb_l_v_2
                        local.set $nb_local0_2
                        local.get $nb_group0
                        i32.const 64
                        i32.mul
                        i32x4.splat
                        local.get $nb_local0_2
                        i32x4.add
                        local.set $i_2
                        local.get $i_2
                        i32x4.extract_lane 0
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
                          local.get $i_2
                          local.set $tv128_30
                          v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
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
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
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
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
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
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
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
                          local.set $tv128_31
                          local.get $tv128_31
                        end
                        v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                        local.get $i_2
                        local.get $x_length_splat_2
                        i32x4.lt_s
                        v128.bitselect
                        local.set $tv128_24
                        local.get $nb_local0_2
                        i32x4.extract_lane 0
                        local.set $ti32_18
                        local.get $ti32_18
                        i32.const 64
                        i32.lt_u
                        i32.const 64
                        local.get $ti32_18
                        i32.sub
                        i32.const 4
                        i32.ge_u
                        i32.and
                        if
                          local.get $scratch
                          local.get $ti32_18
                          i32.const 2
                          i32.shl
                          i32.add
                          local.get $tv128_24
                          v128.store offset=64
                        else
                          local.get $nb_local0_2
                          local.set $tv128_30
                          local.get $tv128_30
                          i32x4.extract_lane 0
                          local.set $ti32_17
                          local.get $ti32_17
                          i32.const 64
                          i32.lt_u
                          if
                            local.get $scratch
                            local.get $ti32_17
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 0
                            f32.store offset=64
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 1
                          local.set $ti32_17
                          local.get $ti32_17
                          i32.const 64
                          i32.lt_u
                          if
                            local.get $scratch
                            local.get $ti32_17
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 1
                            f32.store offset=64
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 2
                          local.set $ti32_17
                          local.get $ti32_17
                          i32.const 64
                          i32.lt_u
                          if
                            local.get $scratch
                            local.get $ti32_17
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 2
                            f32.store offset=64
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 3
                          local.set $ti32_17
                          local.get $ti32_17
                          i32.const 64
                          i32.lt_u
                          if
                            local.get $scratch
                            local.get $ti32_17
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 3
                            f32.store offset=64
                          end
                        end
                      end
                    end
                    local.get $nb_l_v_2
                    v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                    i32x4.add
                    local.set $nb_l_v_2
                    local.get $nb_l
                    i32.const 4
                    i32.add
                    local.tee $nb_l
                    i32.const 4
                    i32.add
                    local.get $ti32_14
                    i32.le_s
                    br_if 0
                  end
                end
              end
              ;; phase 1: scalar loop over the remaining invocations
              block
                local.get $nb_l
                i32.const 64
                i32.lt_s
                i32.eqz
                br_if 0
                loop
                  block
                    block
                      local.get $nb_l
                      local.set $nb_local0_3
                      local.get $nb_group0
                      i32.const 64
                      i32.mul
                      local.get $nb_local0_3
                      i32.add
                      local.set $i_3
                      local.get $nb_local0_3
                      local.set $ti32_14
                      local.get $i_3
                      local.set $ti32_18
                      local.get $ti32_18
                      local.get $x_len
                      i32.lt_u
                      if (result f32)
                        local.get $x_ptr
                        local.get $ti32_18
                        i32.const 2
                        i32.shl
                        i32.add
                        f32.load
                      else
                        f32.const nan
                      end
                      f32.const 0
                      local.get $i_3
                      local.get $x_length
                      i32.lt_s
                      select
                      local.set $tf32_34
                      local.get $ti32_14
                      i32.const 64
                      i32.lt_u
                      if
                        local.get $scratch
                        local.get $ti32_14
                        i32.const 2
                        i32.shl
                        i32.add
                        local.get $tf32_34
                        f32.store offset=64
                      end
                    end
                  end
                  local.get $nb_l
                  i32.const 1
                  i32.add
                  local.set $nb_l
                  local.get $nb_l
                  i32.const 64
                  i32.lt_s
                  br_if 0
                end
              end
              i32.const 1
              local.set $off
              block
                local.get $off
                i32.const 64
                i32.lt_s
                i32.eqz
                br_if 0
                loop
                  block
                    i32.const 0
                    local.set $nb_l
                    ;; phase 2: SIMD loop over 4 invocations at a time
                    i32.const 64
                    local.set $ti32_14
                    local.get $ti32_14
                    i32.const 4
                    i32.sub
                    local.set $ti32_18
                    i32.const 1
                    local.get $nb_l
                    i32.const 64
                    i32.lt_u
                    i32.and
                    local.get $ti32_18
                    local.set $ti32_17
                    local.get $ti32_17
                    i32.const 64
                    i32.lt_u
                    i32.and
                    i32.const 64
                    local.get $ti32_17
                    i32.sub
                    i32.const 4
                    i32.ge_u
                    i32.and
                    local.get $nb_l
                    local.get $off
                    i32.sub
                    i32.const 64
                    i32.lt_u
                    i32.and
                    local.get $ti32_18
                    local.get $off
                    i32.sub
                    local.set $ti32_17
                    local.get $ti32_17
                    i32.const 64
                    i32.lt_u
                    i32.and
                    i32.const 64
                    local.get $ti32_17
                    i32.sub
                    i32.const 4
                    i32.ge_u
                    i32.and
                    if
                      ;; every contiguous access is in range for the phase's invocations
                      local.get $off
                      i32x4.splat
                      local.set $off_splat
                      local.get $nb_l
                      i32x4.splat
                      v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                      i32x4.add
                      local.set $nb_l_v_3
                      local.get $nb_l
                      i32.const 4
                      i32.add
                      local.get $ti32_14
                      i32.le_s
                      if
                        loop
                          block
                            block
                              local.get $nb_l_v_3
                              local.set $nb_local0_4
                              local.get $nb_local0_4
                              i32x4.extract_lane 0
                              local.get $off
                              i32.sub
                              local.set $ti32_17
                              local.get $scratch
                              local.get $ti32_17
                              i32.const 2
                              i32.shl
                              i32.add
                              v128.load offset=64
                              v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                              local.get $nb_local0_4
                              local.get $off_splat
                              i32x4.ge_s
                              v128.bitselect
                              local.set $tv128_24
                              local.get $nb_l
                              local.set $ti32_17
                              local.get $scratch
                              local.get $ti32_17
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tv128_24
                              v128.store offset=320
                            end
                          end
                          local.get $nb_l_v_3
                          v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                          i32x4.add
                          local.set $nb_l_v_3
                          local.get $nb_l
                          i32.const 4
                          i32.add
                          local.tee $nb_l
                          i32.const 4
                          i32.add
                          local.get $ti32_14
                          i32.le_s
                          br_if 0
                        end
                      end
                    else
                      local.get $off
                      i32x4.splat
                      local.set $off_splat_2
                      local.get $nb_l
                      i32x4.splat
                      v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                      i32x4.add
                      local.set $nb_l_v_4
                      local.get $nb_l
                      i32.const 4
                      i32.add
                      local.get $ti32_14
                      i32.le_s
                      if
                        loop
                          block
                            block
                              local.get $nb_l_v_4
                              local.set $nb_local0_5
                              local.get $nb_local0_5
                              i32x4.extract_lane 0
                              local.get $off
                              i32.sub
                              local.set $ti32_17
                              local.get $ti32_17
                              i32.const 64
                              i32.lt_u
                              i32.const 64
                              local.get $ti32_17
                              i32.sub
                              i32.const 4
                              i32.ge_u
                              i32.and
                              if (result v128)
                                local.get $scratch
                                local.get $ti32_17
                                i32.const 2
                                i32.shl
                                i32.add
                                v128.load offset=64
                              else
                                local.get $nb_local0_5
                                local.get $off_splat_2
                                i32x4.sub
                                local.set $tv128_30
                                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 0
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 1
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 1
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 2
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 2
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 3
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 3
                                local.set $tv128_31
                                local.get $tv128_31
                              end
                              v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                              local.get $nb_local0_5
                              local.get $off_splat_2
                              i32x4.ge_s
                              v128.bitselect
                              local.set $tv128_24
                              local.get $nb_l
                              local.set $ti32_17
                              local.get $ti32_17
                              i32.const 64
                              i32.lt_u
                              i32.const 64
                              local.get $ti32_17
                              i32.sub
                              i32.const 4
                              i32.ge_u
                              i32.and
                              if
                                local.get $scratch
                                local.get $ti32_17
                                i32.const 2
                                i32.shl
                                i32.add
                                local.get $tv128_24
                                v128.store offset=320
                              else
                                local.get $nb_l_v_4
                                local.set $tv128_30
                                local.get $tv128_30
                                i32x4.extract_lane 0
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 0
                                  f32.store offset=320
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 1
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 1
                                  f32.store offset=320
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 2
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 2
                                  f32.store offset=320
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 3
                                local.set $ti32_18
                                local.get $ti32_18
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_18
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 3
                                  f32.store offset=320
                                end
                              end
                            end
                          end
                          local.get $nb_l_v_4
                          v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                          i32x4.add
                          local.set $nb_l_v_4
                          local.get $nb_l
                          i32.const 4
                          i32.add
                          local.tee $nb_l
                          i32.const 4
                          i32.add
                          local.get $ti32_14
                          i32.le_s
                          br_if 0
                        end
                      end
                    end
                    ;; phase 2: scalar loop over the remaining invocations
                    block
                      local.get $nb_l
                      i32.const 64
                      i32.lt_s
                      i32.eqz
                      br_if 0
                      loop
                        block
                          block
                            local.get $nb_l
                            local.set $nb_local0_6
                            local.get $nb_l
                            local.set $ti32_14
                            local.get $nb_local0_6
                            local.get $off
                            i32.sub
                            local.set $ti32_17
                            local.get $ti32_17
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_17
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=64
                            else
                              f32.const nan
                            end
                            f32.const 0
                            local.get $nb_local0_6
                            local.get $off
                            i32.ge_s
                            select
                            local.set $tf32_34
                            local.get $ti32_14
                            i32.const 64
                            i32.lt_u
                            if
                              local.get $scratch
                              local.get $ti32_14
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tf32_34
                              f32.store offset=320
                            end
                          end
                        end
                        local.get $nb_l
                        i32.const 1
                        i32.add
                        local.set $nb_l
                        local.get $nb_l
                        i32.const 64
                        i32.lt_s
                        br_if 0
                      end
                    end
                    i32.const 0
                    local.set $nb_l
                    ;; phase 3: SIMD loop over 4 invocations at a time
                    i32.const 64
                    local.set $ti32_14
                    local.get $ti32_14
                    i32.const 4
                    i32.sub
                    local.set $ti32_17
                    i32.const 1
                    local.get $nb_l
                    i32.const 64
                    i32.lt_u
                    i32.and
                    local.get $ti32_17
                    local.set $ti32_18
                    local.get $ti32_18
                    i32.const 64
                    i32.lt_u
                    i32.and
                    i32.const 64
                    local.get $ti32_18
                    i32.sub
                    i32.const 4
                    i32.ge_u
                    i32.and
                    local.get $nb_l
                    i32.const 64
                    i32.lt_u
                    i32.and
                    local.get $ti32_17
                    local.set $ti32_18
                    local.get $ti32_18
                    i32.const 64
                    i32.lt_u
                    i32.and
                    i32.const 64
                    local.get $ti32_18
                    i32.sub
                    i32.const 4
                    i32.ge_u
                    i32.and
                    local.get $nb_l
                    i32.const 64
                    i32.lt_u
                    i32.and
                    local.get $ti32_17
                    local.set $ti32_18
                    local.get $ti32_18
                    i32.const 64
                    i32.lt_u
                    i32.and
                    i32.const 64
                    local.get $ti32_18
                    i32.sub
                    i32.const 4
                    i32.ge_u
                    i32.and
                    if
                      ;; every contiguous access is in range for the phase's invocations
                      local.get $nb_l
                      i32x4.splat
                      v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                      i32x4.add
                      local.set $nb_l_v_5
                      local.get $nb_l
                      i32.const 4
                      i32.add
                      local.get $ti32_14
                      i32.le_s
                      if
                        loop
                          block
                            block
                              local.get $nb_l_v_5
                              local.set $nb_local0_7
                              local.get $nb_local0_7
                              i32x4.extract_lane 0
                              local.set $ti32_18
                              local.get $scratch
                              local.get $ti32_18
                              i32.const 2
                              i32.shl
                              i32.add
                              v128.load offset=64
                              local.get $nb_l
                              local.set $ti32_18
                              local.get $scratch
                              local.get $ti32_18
                              i32.const 2
                              i32.shl
                              i32.add
                              v128.load offset=320
                              f32x4.add
                              local.set $tv128_24
                              local.get $nb_local0_7
                              i32x4.extract_lane 0
                              local.set $ti32_18
                              local.get $scratch
                              local.get $ti32_18
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tv128_24
                              v128.store offset=64
                            end
                          end
                          local.get $nb_l_v_5
                          v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                          i32x4.add
                          local.set $nb_l_v_5
                          local.get $nb_l
                          i32.const 4
                          i32.add
                          local.tee $nb_l
                          i32.const 4
                          i32.add
                          local.get $ti32_14
                          i32.le_s
                          br_if 0
                        end
                      end
                    else
                      local.get $nb_l
                      i32x4.splat
                      v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                      i32x4.add
                      local.set $nb_l_v_6
                      local.get $nb_l
                      i32.const 4
                      i32.add
                      local.get $ti32_14
                      i32.le_s
                      if
                        loop
                          block
                            block
                              local.get $nb_l_v_6
                              local.set $nb_local0_8
                              local.get $nb_local0_8
                              i32x4.extract_lane 0
                              local.set $ti32_18
                              local.get $ti32_18
                              i32.const 64
                              i32.lt_u
                              i32.const 64
                              local.get $ti32_18
                              i32.sub
                              i32.const 4
                              i32.ge_u
                              i32.and
                              if (result v128)
                                local.get $scratch
                                local.get $ti32_18
                                i32.const 2
                                i32.shl
                                i32.add
                                v128.load offset=64
                              else
                                local.get $nb_local0_8
                                local.set $tv128_30
                                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 0
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 1
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 1
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 2
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 2
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 3
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=64
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 3
                                local.set $tv128_31
                                local.get $tv128_31
                              end
                              local.get $nb_l
                              local.set $ti32_18
                              local.get $ti32_18
                              i32.const 64
                              i32.lt_u
                              i32.const 64
                              local.get $ti32_18
                              i32.sub
                              i32.const 4
                              i32.ge_u
                              i32.and
                              if (result v128)
                                local.get $scratch
                                local.get $ti32_18
                                i32.const 2
                                i32.shl
                                i32.add
                                v128.load offset=320
                              else
                                local.get $nb_l_v_6
                                local.set $tv128_30
                                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 0
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=320
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 0
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 1
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=320
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 1
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 2
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=320
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 2
                                local.set $tv128_31
                                local.get $tv128_31
                                local.get $tv128_30
                                i32x4.extract_lane 3
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if (result f32)
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  f32.load offset=320
                                else
                                  f32.const nan
                                end
                                f32x4.replace_lane 3
                                local.set $tv128_31
                                local.get $tv128_31
                              end
                              f32x4.add
                              local.set $tv128_24
                              local.get $nb_local0_8
                              i32x4.extract_lane 0
                              local.set $ti32_18
                              local.get $ti32_18
                              i32.const 64
                              i32.lt_u
                              i32.const 64
                              local.get $ti32_18
                              i32.sub
                              i32.const 4
                              i32.ge_u
                              i32.and
                              if
                                local.get $scratch
                                local.get $ti32_18
                                i32.const 2
                                i32.shl
                                i32.add
                                local.get $tv128_24
                                v128.store offset=64
                              else
                                local.get $nb_local0_8
                                local.set $tv128_30
                                local.get $tv128_30
                                i32x4.extract_lane 0
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 0
                                  f32.store offset=64
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 1
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 1
                                  f32.store offset=64
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 2
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 2
                                  f32.store offset=64
                                end
                                local.get $tv128_30
                                i32x4.extract_lane 3
                                local.set $ti32_17
                                local.get $ti32_17
                                i32.const 64
                                i32.lt_u
                                if
                                  local.get $scratch
                                  local.get $ti32_17
                                  i32.const 2
                                  i32.shl
                                  i32.add
                                  local.get $tv128_24
                                  f32x4.extract_lane 3
                                  f32.store offset=64
                                end
                              end
                            end
                          end
                          local.get $nb_l_v_6
                          v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                          i32x4.add
                          local.set $nb_l_v_6
                          local.get $nb_l
                          i32.const 4
                          i32.add
                          local.tee $nb_l
                          i32.const 4
                          i32.add
                          local.get $ti32_14
                          i32.le_s
                          br_if 0
                        end
                      end
                    end
                    ;; phase 3: scalar loop over the remaining invocations
                    block
                      local.get $nb_l
                      i32.const 64
                      i32.lt_s
                      i32.eqz
                      br_if 0
                      loop
                        block
                          block
                            local.get $nb_l
                            local.set $nb_local0_9
                            local.get $nb_local0_9
                            local.set $ti32_14
                            local.get $nb_local0_9
                            local.set $ti32_18
                            local.get $ti32_18
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_18
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=64
                            else
                              f32.const nan
                            end
                            local.get $nb_l
                            local.set $ti32_18
                            local.get $ti32_18
                            i32.const 64
                            i32.lt_u
                            if (result f32)
                              local.get $scratch
                              local.get $ti32_18
                              i32.const 2
                              i32.shl
                              i32.add
                              f32.load offset=320
                            else
                              f32.const nan
                            end
                            f32.add
                            local.set $tf32_34
                            local.get $ti32_14
                            i32.const 64
                            i32.lt_u
                            if
                              local.get $scratch
                              local.get $ti32_14
                              i32.const 2
                              i32.shl
                              i32.add
                              local.get $tf32_34
                              f32.store offset=64
                            end
                          end
                        end
                        local.get $nb_l
                        i32.const 1
                        i32.add
                        local.set $nb_l
                        local.get $nb_l
                        i32.const 64
                        i32.lt_s
                        br_if 0
                      end
                    end
                  end
                  local.get $off
                  i32.const 2
                  i32.mul
                  local.set $off
                  local.get $off
                  i32.const 64
                  i32.lt_s
                  br_if 0
                end
              end
              local.get $x_length
              f64.convert_i32_s
              local.get $nb_group0
              i32.const 64
              i32.mul
              f64.convert_i32_s
              f64.sub
              local.set $nb_bound
              f64.const 64
              f64.const 0
              local.get $nb_bound
              local.get $nb_bound
              f64.const 0
              f64.lt
              select
              local.get $nb_bound
              f64.const 64
              f64.gt
              select
              local.tee $tf64_52
              i32.trunc_sat_f64_s
              local.tee $ti32_14
              i32.const -2147483647
              i32.add
              i32.const 2
              i32.lt_u
              if (result i32)
                local.get $tf64_52
                local.get $tf64_52
                f64.const 2.3283064365386963e-10
                f64.mul
                f64.trunc
                f64.const 4294967296
                f64.mul
                f64.sub
                i64.trunc_sat_f64_s
                i32.wrap_i64
              else
                local.get $ti32_14
              end
              local.set $nb_end
              i32.const 0
              local.set $nb_l
              ;; phase 4: SIMD loop over 4 invocations at a time
              local.get $nb_end
              local.set $ti32_14
              local.get $ti32_14
              i32.const 4
              i32.sub
              local.set $ti32_18
              i32.const 1
              local.get $nb_group0
              i32.const 64
              i32.mul
              local.get $nb_l
              i32.add
              local.get $out_len
              i32.lt_u
              i32.and
              local.get $nb_group0
              i32.const 64
              i32.mul
              local.get $ti32_18
              i32.add
              local.set $ti32_17
              local.get $ti32_17
              local.get $out_len
              i32.lt_u
              i32.and
              local.get $out_len
              local.get $ti32_17
              i32.sub
              i32.const 4
              i32.ge_u
              i32.and
              local.get $nb_l
              i32.const 64
              i32.lt_u
              i32.and
              local.get $ti32_18
              local.set $ti32_17
              local.get $ti32_17
              i32.const 64
              i32.lt_u
              i32.and
              i32.const 64
              local.get $ti32_17
              i32.sub
              i32.const 4
              i32.ge_u
              i32.and
              if
                ;; every contiguous access is in range for the phase's invocations
                local.get $nb_group0
                i32x4.splat
                local.set $nb_group0_splat_3
                local.get $nb_l
                i32x4.splat
                v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                i32x4.add
                local.set $nb_l_v_7
                local.get $nb_l
                i32.const 4
                i32.add
                local.get $ti32_14
                i32.le_s
                if
                  loop
                    block
                      block
                        local.get $nb_l_v_7
                        local.set $nb_local0_10
                        local.get $nb_group0
                        i32.const 64
                        i32.mul
                        i32x4.splat
                        local.get $nb_local0_10
                        i32x4.add
                        local.set $i_4
                        local.get $nb_local0_10
                        i32x4.extract_lane 0
                        local.set $ti32_17
                        local.get $scratch
                        local.get $ti32_17
                        i32.const 2
                        i32.shl
                        i32.add
                        v128.load offset=64
                        local.get $nb_group0
                        f32.convert_i32_s
                        f32x4.splat
                        f32x4.add
                        local.set $tv128_24
                        local.get $i_4
                        i32x4.extract_lane 0
                        local.set $ti32_17
                        local.get $out_ptr
                        local.get $ti32_17
                        i32.const 2
                        i32.shl
                        i32.add
                        local.get $tv128_24
                        v128.store
                      end
                    end
                    local.get $nb_l_v_7
                    v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                    i32x4.add
                    local.set $nb_l_v_7
                    local.get $nb_l
                    i32.const 4
                    i32.add
                    local.tee $nb_l
                    i32.const 4
                    i32.add
                    local.get $ti32_14
                    i32.le_s
                    br_if 0
                  end
                end
              else
                local.get $nb_group0
                i32x4.splat
                local.set $nb_group0_splat_4
                local.get $nb_l
                i32x4.splat
                v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
                i32x4.add
                local.set $nb_l_v_8
                local.get $nb_l
                i32.const 4
                i32.add
                local.get $ti32_14
                i32.le_s
                if
                  loop
                    block
                      block
                        local.get $nb_l_v_8
                        local.set $nb_local0_11
                        local.get $nb_group0
                        i32.const 64
                        i32.mul
                        i32x4.splat
                        local.get $nb_local0_11
                        i32x4.add
                        local.set $i_5
                        local.get $nb_local0_11
                        i32x4.extract_lane 0
                        local.set $ti32_17
                        local.get $ti32_17
                        i32.const 64
                        i32.lt_u
                        i32.const 64
                        local.get $ti32_17
                        i32.sub
                        i32.const 4
                        i32.ge_u
                        i32.and
                        if (result v128)
                          local.get $scratch
                          local.get $ti32_17
                          i32.const 2
                          i32.shl
                          i32.add
                          v128.load offset=64
                        else
                          local.get $nb_local0_11
                          local.set $tv128_30
                          v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
                          i32x4.extract_lane 0
                          local.set $ti32_18
                          local.get $ti32_18
                          i32.const 64
                          i32.lt_u
                          if (result f32)
                            local.get $scratch
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            f32.load offset=64
                          else
                            f32.const nan
                          end
                          f32x4.replace_lane 0
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
                          i32x4.extract_lane 1
                          local.set $ti32_18
                          local.get $ti32_18
                          i32.const 64
                          i32.lt_u
                          if (result f32)
                            local.get $scratch
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            f32.load offset=64
                          else
                            f32.const nan
                          end
                          f32x4.replace_lane 1
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
                          i32x4.extract_lane 2
                          local.set $ti32_18
                          local.get $ti32_18
                          i32.const 64
                          i32.lt_u
                          if (result f32)
                            local.get $scratch
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            f32.load offset=64
                          else
                            f32.const nan
                          end
                          f32x4.replace_lane 2
                          local.set $tv128_31
                          local.get $tv128_31
                          local.get $tv128_30
                          i32x4.extract_lane 3
                          local.set $ti32_18
                          local.get $ti32_18
                          i32.const 64
                          i32.lt_u
                          if (result f32)
                            local.get $scratch
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            f32.load offset=64
                          else
                            f32.const nan
                          end
                          f32x4.replace_lane 3
                          local.set $tv128_31
                          local.get $tv128_31
                        end
                        local.get $nb_group0
                        f32.convert_i32_s
                        f32x4.splat
                        f32x4.add
                        local.set $tv128_24
                        local.get $i_5
                        i32x4.extract_lane 0
                        local.set $ti32_17
                        local.get $ti32_17
                        local.get $out_len
                        i32.lt_u
                        local.get $out_len
                        local.get $ti32_17
                        i32.sub
                        i32.const 4
                        i32.ge_u
                        i32.and
                        if
                          local.get $out_ptr
                          local.get $ti32_17
                          i32.const 2
                          i32.shl
                          i32.add
                          local.get $tv128_24
                          v128.store
                        else
                          local.get $i_5
                          local.set $tv128_30
                          local.get $tv128_30
                          i32x4.extract_lane 0
                          local.set $ti32_18
                          local.get $ti32_18
                          local.get $out_len
                          i32.lt_u
                          if
                            local.get $out_ptr
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 0
                            f32.store
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 1
                          local.set $ti32_18
                          local.get $ti32_18
                          local.get $out_len
                          i32.lt_u
                          if
                            local.get $out_ptr
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 1
                            f32.store
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 2
                          local.set $ti32_18
                          local.get $ti32_18
                          local.get $out_len
                          i32.lt_u
                          if
                            local.get $out_ptr
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 2
                            f32.store
                          end
                          local.get $tv128_30
                          i32x4.extract_lane 3
                          local.set $ti32_18
                          local.get $ti32_18
                          local.get $out_len
                          i32.lt_u
                          if
                            local.get $out_ptr
                            local.get $ti32_18
                            i32.const 2
                            i32.shl
                            i32.add
                            local.get $tv128_24
                            f32x4.extract_lane 3
                            f32.store
                          end
                        end
                      end
                    end
                    local.get $nb_l_v_8
                    v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
                    i32x4.add
                    local.set $nb_l_v_8
                    local.get $nb_l
                    i32.const 4
                    i32.add
                    local.tee $nb_l
                    i32.const 4
                    i32.add
                    local.get $ti32_14
                    i32.le_s
                    br_if 0
                  end
                end
              end
              ;; phase 4: scalar loop over the remaining invocations
              block
                local.get $nb_l
                local.get $nb_end
                i32.lt_s
                i32.eqz
                br_if 0
                loop
                  block
                    block
                      local.get $nb_l
                      local.set $nb_local0_12
                      local.get $nb_group0
                      i32.const 64
                      i32.mul
                      local.get $nb_local0_12
                      i32.add
                      local.set $i_6
                      local.get $i_6
                      local.set $ti32_14
                      local.get $nb_local0_12
                      local.set $ti32_17
                      local.get $ti32_17
                      i32.const 64
                      i32.lt_u
                      if (result f32)
                        local.get $scratch
                        local.get $ti32_17
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
                      local.set $tf32_34
                      local.get $ti32_14
                      local.get $out_len
                      i32.lt_u
                      if
                        local.get $out_ptr
                        local.get $ti32_14
                        i32.const 2
                        i32.shl
                        i32.add
                        local.get $tf32_34
                        f32.store
                      end
                    end
                  end
                  local.get $nb_l
                  i32.const 1
                  i32.add
                  local.set $nb_l
                  local.get $nb_l
                  local.get $nb_end
                  i32.lt_s
                  br_if 0
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