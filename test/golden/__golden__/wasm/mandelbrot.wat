(module
  (import "env" "memory" (memory 1 65536 shared))
  (export "block" (func $block))
  (func $block (param $args i32) (param $begin i32) (param $end i32) (param $scratch i32)
    (local $out_ptr i32)
    (local $out_len i32)
    (local $grid0 i32)
    (local $grid1 i32)
    (local $w i32)
    (local $h i32)
    (local $maxIter i32)
    (local $extent0 i32)
    (local $extent1 i32)
    (local $flat i32)
    (local $col i32)
    (local $stop i32)
    (local $row i32)
    (local $ti32_17 i32)
    (local $exec v128)
    (local $ti32_19 i32)
    (local $col_v v128)
    (local $w_f64_splat v128)
    (local $w_splat v128)
    (local $row_splat v128)
    (local $h_f64_splat v128)
    (local $h_splat v128)
    (local $maxIter_splat v128)
    (local $col_b i32)
    (local $exec_b v128)
    (local $col_va v128)
    (local $col_vb v128)
    (local $x0 v128)
    (local $tv128_32 v128)
    (local $tv128_33 v128)
    (local $tv128_34 v128)
    (local $x0_2 v128)
    (local $y0 f32)
    (local $y0_2 f32)
    (local $x v128)
    (local $x_2 v128)
    (local $y v128)
    (local $y_2 v128)
    (local $it v128)
    (local $it_2 v128)
    (local $y0_splat v128)
    (local $y0_splat_2 v128)
    (local $t v128)
    (local $t_2 v128)
    (local $x0_3 v128)
    (local $y0_3 f32)
    (local $x_3 v128)
    (local $y_3 v128)
    (local $it_3 v128)
    (local $y0_splat_3 v128)
    (local $t_3 v128)
    (local $col_v_2 v128)
    (local $w_f64_splat_2 v128)
    (local $w_splat_2 v128)
    (local $row_splat_2 v128)
    (local $h_f64_splat_2 v128)
    (local $h_splat_2 v128)
    (local $maxIter_splat_2 v128)
    (local $x0_4 v128)
    (local $y0_4 f32)
    (local $x_4 v128)
    (local $y_4 v128)
    (local $it_4 v128)
    (local $y0_splat_4 v128)
    (local $t_4 v128)
    (local $x0_5 f32)
    (local $y0_5 f32)
    (local $x_5 f32)
    (local $y_5 f32)
    (local $it_5 i32)
    (local $t_5 f32)
    local.get $args
    i32.load
    local.set $out_ptr
    local.get $args
    i32.load offset=4
    local.set $out_len
    local.get $args
    i32.load offset=8
    local.set $grid0
    local.get $args
    i32.load offset=16
    local.set $grid1
    local.get $args
    i32.load offset=24
    local.set $w
    local.get $args
    i32.load offset=32
    local.set $h
    local.get $args
    i32.load offset=40
    local.set $maxIter
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
        local.set $ti32_17
        local.get $flat
        local.get $ti32_17
        local.get $extent1
        i32.mul
        i32.sub
        local.set $col
        local.get $ti32_17
        local.set $row
        local.get $col
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
        local.get $col
        i32.sub
        i32.add
        local.set $flat
        ;; SIMD loop: 4 lanes of col (f64 values as pairs of f64x2)
        local.get $stop
        i32.const 4
        i32.sub
        local.set $ti32_17
        i32.const 1
        local.get $row
        local.get $w
        i32.mul
        local.get $col
        i32.add
        local.get $out_len
        i32.lt_u
        i32.and
        local.get $row
        local.get $w
        i32.mul
        local.get $ti32_17
        i32.add
        local.set $ti32_19
        local.get $ti32_19
        local.get $out_len
        i32.lt_u
        i32.and
        local.get $out_len
        local.get $ti32_19
        i32.sub
        i32.const 4
        i32.ge_u
        i32.and
        if
          ;; every contiguous access is in range for this row segment: no guards
          local.get $w
          f64.convert_i32_s
          f64x2.splat
          local.set $w_f64_splat
          local.get $w
          i32x4.splat
          local.set $w_splat
          local.get $row
          i32x4.splat
          local.set $row_splat
          local.get $h
          f64.convert_i32_s
          f64x2.splat
          local.set $h_f64_splat
          local.get $h
          i32x4.splat
          local.set $h_splat
          local.get $maxIter
          i32x4.splat
          local.set $maxIter_splat
          ;; two vectors per iteration (8 indices), escape loop fused
          local.get $col
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $col_va
          local.get $col
          i32.const 4
          i32.add
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $col_vb
          local.get $col
          i32.const 8
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              local.get $col
              i32.const 4
              i32.add
              local.set $col_b
              v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
              local.set $exec
              v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
              local.set $exec_b
              block
                local.get $col_va
                local.tee $tv128_32
                local.get $tv128_32
                local.get $tv128_32
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_32
                f64x2.convert_low_i32x4_s
                local.get $tv128_32
                f64x2.convert_low_i32x4_s
                local.get $w_f64_splat
                local.get $w_f64_splat
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.div
                local.get $tv128_32
                local.get $tv128_34
                f64x2.div
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.mul
                local.get $tv128_34
                local.get $tv128_32
                f64x2.mul
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.sub
                local.get $tv128_32
                local.get $tv128_34
                f64x2.sub
                local.set $tv128_34
                f32x4.demote_f64x2_zero
                local.get $tv128_34
                f32x4.demote_f64x2_zero
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $x0
                local.get $col_vb
                local.tee $tv128_34
                local.get $tv128_34
                local.get $tv128_34
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_34
                f64x2.convert_low_i32x4_s
                local.get $tv128_34
                f64x2.convert_low_i32x4_s
                local.get $w_f64_splat
                local.get $w_f64_splat
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.div
                local.get $tv128_34
                local.get $tv128_32
                f64x2.div
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.mul
                local.get $tv128_32
                local.get $tv128_34
                f64x2.mul
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.sub
                local.get $tv128_34
                local.get $tv128_32
                f64x2.sub
                local.set $tv128_32
                f32x4.demote_f64x2_zero
                local.get $tv128_32
                f32x4.demote_f64x2_zero
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $x0_2
                local.get $row
                f64.convert_i32_s
                local.get $h
                f64.convert_i32_s
                f64.div
                f64.const 2
                f64.mul
                f64.const 1
                f64.sub
                f32.demote_f64
                local.set $y0
                local.get $row
                f64.convert_i32_s
                local.get $h
                f64.convert_i32_s
                f64.div
                f64.const 2
                f64.mul
                f64.const 1
                f64.sub
                f32.demote_f64
                local.set $y0_2
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $x
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $x_2
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $y
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $y_2
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $it
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $it_2
                local.get $y0
                f32x4.splat
                local.set $y0_splat
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                local.get $y0_2
                f32x4.splat
                local.set $y0_splat_2
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec_b
                block
                  local.get $exec
                  local.get $x
                  local.get $x
                  f32x4.mul
                  local.get $y
                  local.get $y
                  f32x4.mul
                  f32x4.add
                  v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                  f32x4.le
                  local.get $it
                  local.get $maxIter_splat
                  i32x4.lt_s
                  v128.and
                  v128.and
                  local.set $exec
                  local.get $exec_b
                  local.get $x_2
                  local.get $x_2
                  f32x4.mul
                  local.get $y_2
                  local.get $y_2
                  f32x4.mul
                  f32x4.add
                  v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                  f32x4.le
                  local.get $it_2
                  local.get $maxIter_splat
                  i32x4.lt_s
                  v128.and
                  v128.and
                  local.set $exec_b
                  local.get $exec
                  v128.any_true
                  local.get $exec_b
                  v128.any_true
                  i32.or
                  i32.eqz
                  br_if 0
                  loop
                    block
                      local.get $x
                      local.get $x
                      f32x4.mul
                      local.get $y
                      local.get $y
                      f32x4.mul
                      f32x4.sub
                      local.get $x0
                      f32x4.add
                      local.set $t
                      v128.const i8x16 0 0 0 64 0 0 0 64 0 0 0 64 0 0 0 64
                      local.get $x
                      f32x4.mul
                      local.get $y
                      f32x4.mul
                      local.get $y0_splat
                      f32x4.add
                      local.set $y
                      local.get $t
                      local.set $x
                      local.get $it
                      local.get $exec
                      i32x4.sub
                      local.set $it
                      local.get $x_2
                      local.get $x_2
                      f32x4.mul
                      local.get $y_2
                      local.get $y_2
                      f32x4.mul
                      f32x4.sub
                      local.get $x0_2
                      f32x4.add
                      local.set $t_2
                      v128.const i8x16 0 0 0 64 0 0 0 64 0 0 0 64 0 0 0 64
                      local.get $x_2
                      f32x4.mul
                      local.get $y_2
                      f32x4.mul
                      local.get $y0_splat_2
                      f32x4.add
                      local.set $y_2
                      local.get $t_2
                      local.set $x_2
                      local.get $it_2
                      local.get $exec_b
                      i32x4.sub
                      local.set $it_2
                    end
                    local.get $exec
                    local.get $x
                    local.get $x
                    f32x4.mul
                    local.get $y
                    local.get $y
                    f32x4.mul
                    f32x4.add
                    v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                    f32x4.le
                    local.get $it
                    local.get $maxIter_splat
                    i32x4.lt_s
                    v128.and
                    v128.and
                    local.set $exec
                    local.get $exec_b
                    local.get $x_2
                    local.get $x_2
                    f32x4.mul
                    local.get $y_2
                    local.get $y_2
                    f32x4.mul
                    f32x4.add
                    v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                    f32x4.le
                    local.get $it_2
                    local.get $maxIter_splat
                    i32x4.lt_s
                    v128.and
                    v128.and
                    local.set $exec_b
                    local.get $exec
                    v128.any_true
                    local.get $exec_b
                    v128.any_true
                    i32.or
                    br_if 0
                  end
                end
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec_b
                local.get $it
                local.set $tv128_32
                local.get $row
                local.get $w
                i32.mul
                local.get $col
                i32.add
                local.set $ti32_19
                local.get $out_ptr
                local.get $ti32_19
                i32.const 2
                i32.shl
                i32.add
                local.get $tv128_32
                v128.store
                local.get $it_2
                local.set $tv128_32
                local.get $row
                local.get $w
                i32.mul
                local.get $col_b
                i32.add
                local.set $ti32_19
                local.get $out_ptr
                local.get $ti32_19
                i32.const 2
                i32.shl
                i32.add
                local.get $tv128_32
                v128.store
              end
              local.get $col_va
              v128.const i8x16 8 0 0 0 8 0 0 0 8 0 0 0 8 0 0 0
              i32x4.add
              local.set $col_va
              local.get $col_vb
              v128.const i8x16 8 0 0 0 8 0 0 0 8 0 0 0 8 0 0 0
              i32x4.add
              local.set $col_vb
              local.get $col
              i32.const 8
              i32.add
              local.tee $col
              i32.const 8
              i32.add
              local.get $stop
              i32.le_s
              br_if 0
            end
          end
          local.get $col
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $col_v
          local.get $col
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
              local.set $exec
              block
                local.get $col_v
                local.tee $tv128_32
                local.get $tv128_32
                local.get $tv128_32
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_32
                f64x2.convert_low_i32x4_s
                local.get $tv128_32
                f64x2.convert_low_i32x4_s
                local.get $w_f64_splat
                local.get $w_f64_splat
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.div
                local.get $tv128_32
                local.get $tv128_34
                f64x2.div
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.mul
                local.get $tv128_34
                local.get $tv128_32
                f64x2.mul
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.sub
                local.get $tv128_32
                local.get $tv128_34
                f64x2.sub
                local.set $tv128_34
                f32x4.demote_f64x2_zero
                local.get $tv128_34
                f32x4.demote_f64x2_zero
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $x0_3
                local.get $row
                f64.convert_i32_s
                local.get $h
                f64.convert_i32_s
                f64.div
                f64.const 2
                f64.mul
                f64.const 1
                f64.sub
                f32.demote_f64
                local.set $y0_3
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $x_3
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $y_3
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $it_3
                local.get $y0_3
                f32x4.splat
                local.set $y0_splat_3
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                block
                  local.get $x_3
                  local.get $x_3
                  f32x4.mul
                  local.get $y_3
                  local.get $y_3
                  f32x4.mul
                  f32x4.add
                  v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                  f32x4.le
                  local.get $it_3
                  local.get $maxIter_splat
                  i32x4.lt_s
                  v128.and
                  local.set $tv128_34
                  local.get $exec
                  local.get $tv128_34
                  v128.and
                  local.set $exec
                  local.get $exec
                  v128.any_true
                  i32.eqz
                  br_if 0
                  loop
                    block
                      local.get $x_3
                      local.get $x_3
                      f32x4.mul
                      local.get $y_3
                      local.get $y_3
                      f32x4.mul
                      f32x4.sub
                      local.get $x0_3
                      f32x4.add
                      local.set $t_3
                      v128.const i8x16 0 0 0 64 0 0 0 64 0 0 0 64 0 0 0 64
                      local.get $x_3
                      f32x4.mul
                      local.get $y_3
                      f32x4.mul
                      local.get $y0_splat_3
                      f32x4.add
                      local.set $y_3
                      local.get $t_3
                      local.set $x_3
                      local.get $it_3
                      local.get $exec
                      i32x4.sub
                      local.set $it_3
                    end
                    local.get $x_3
                    local.get $x_3
                    f32x4.mul
                    local.get $y_3
                    local.get $y_3
                    f32x4.mul
                    f32x4.add
                    v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                    f32x4.le
                    local.get $it_3
                    local.get $maxIter_splat
                    i32x4.lt_s
                    v128.and
                    local.set $tv128_34
                    local.get $exec
                    local.get $tv128_34
                    v128.and
                    local.set $exec
                    local.get $exec
                    v128.any_true
                    br_if 0
                  end
                end
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                local.get $it_3
                local.set $tv128_34
                local.get $row
                local.get $w
                i32.mul
                local.get $col
                i32.add
                local.set $ti32_19
                local.get $out_ptr
                local.get $ti32_19
                i32.const 2
                i32.shl
                i32.add
                local.get $tv128_34
                v128.store
              end
              local.get $col_v
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $col_v
              local.get $col
              i32.const 4
              i32.add
              local.tee $col
              i32.const 4
              i32.add
              local.get $stop
              i32.le_s
              br_if 0
            end
          end
        else
          local.get $w
          f64.convert_i32_s
          f64x2.splat
          local.set $w_f64_splat_2
          local.get $w
          i32x4.splat
          local.set $w_splat_2
          local.get $row
          i32x4.splat
          local.set $row_splat_2
          local.get $h
          f64.convert_i32_s
          f64x2.splat
          local.set $h_f64_splat_2
          local.get $h
          i32x4.splat
          local.set $h_splat_2
          local.get $maxIter
          i32x4.splat
          local.set $maxIter_splat_2
          local.get $col
          i32x4.splat
          v128.const i8x16 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0
          i32x4.add
          local.set $col_v_2
          local.get $col
          i32.const 4
          i32.add
          local.get $stop
          i32.le_s
          if
            loop
              v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
              local.set $exec
              block
                local.get $col_v_2
                local.tee $tv128_34
                local.get $tv128_34
                local.get $tv128_34
                i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                local.set $tv128_34
                f64x2.convert_low_i32x4_s
                local.get $tv128_34
                f64x2.convert_low_i32x4_s
                local.get $w_f64_splat_2
                local.get $w_f64_splat_2
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.div
                local.get $tv128_34
                local.get $tv128_32
                f64x2.div
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                v128.const i8x16 0 0 0 0 0 0 12 64 0 0 0 0 0 0 12 64
                local.set $tv128_34
                local.set $tv128_33
                local.set $tv128_32
                local.get $tv128_33
                f64x2.mul
                local.get $tv128_32
                local.get $tv128_34
                f64x2.mul
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                v128.const i8x16 0 0 0 0 0 0 4 64 0 0 0 0 0 0 4 64
                local.set $tv128_32
                local.set $tv128_33
                local.set $tv128_34
                local.get $tv128_33
                f64x2.sub
                local.get $tv128_34
                local.get $tv128_32
                f64x2.sub
                local.set $tv128_32
                f32x4.demote_f64x2_zero
                local.get $tv128_32
                f32x4.demote_f64x2_zero
                i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                local.set $x0_4
                local.get $row
                f64.convert_i32_s
                local.get $h
                f64.convert_i32_s
                f64.div
                f64.const 2
                f64.mul
                f64.const 1
                f64.sub
                f32.demote_f64
                local.set $y0_4
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $x_4
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $y_4
                v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                local.set $it_4
                local.get $y0_4
                f32x4.splat
                local.set $y0_splat_4
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                block
                  local.get $x_4
                  local.get $x_4
                  f32x4.mul
                  local.get $y_4
                  local.get $y_4
                  f32x4.mul
                  f32x4.add
                  v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                  f32x4.le
                  local.get $it_4
                  local.get $maxIter_splat_2
                  i32x4.lt_s
                  v128.and
                  local.set $tv128_32
                  local.get $exec
                  local.get $tv128_32
                  v128.and
                  local.set $exec
                  local.get $exec
                  v128.any_true
                  i32.eqz
                  br_if 0
                  loop
                    block
                      local.get $x_4
                      local.get $x_4
                      f32x4.mul
                      local.get $y_4
                      local.get $y_4
                      f32x4.mul
                      f32x4.sub
                      local.get $x0_4
                      f32x4.add
                      local.set $t_4
                      v128.const i8x16 0 0 0 64 0 0 0 64 0 0 0 64 0 0 0 64
                      local.get $x_4
                      f32x4.mul
                      local.get $y_4
                      f32x4.mul
                      local.get $y0_splat_4
                      f32x4.add
                      local.set $y_4
                      local.get $t_4
                      local.set $x_4
                      local.get $it_4
                      local.get $exec
                      i32x4.sub
                      local.set $it_4
                    end
                    local.get $x_4
                    local.get $x_4
                    f32x4.mul
                    local.get $y_4
                    local.get $y_4
                    f32x4.mul
                    f32x4.add
                    v128.const i8x16 0 0 128 64 0 0 128 64 0 0 128 64 0 0 128 64
                    f32x4.le
                    local.get $it_4
                    local.get $maxIter_splat_2
                    i32x4.lt_s
                    v128.and
                    local.set $tv128_32
                    local.get $exec
                    local.get $tv128_32
                    v128.and
                    local.set $exec
                    local.get $exec
                    v128.any_true
                    br_if 0
                  end
                end
                v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255
                local.set $exec
                local.get $it_4
                local.set $tv128_32
                local.get $row
                local.get $w
                i32.mul
                local.get $col
                i32.add
                local.set $ti32_19
                local.get $ti32_19
                local.get $out_len
                i32.lt_u
                local.get $out_len
                local.get $ti32_19
                i32.sub
                i32.const 4
                i32.ge_u
                i32.and
                if
                  local.get $out_ptr
                  local.get $ti32_19
                  i32.const 2
                  i32.shl
                  i32.add
                  local.get $tv128_32
                  v128.store
                else
                  local.get $row
                  local.get $w
                  i32.mul
                  i32x4.splat
                  local.get $col_v_2
                  i32x4.add
                  local.set $tv128_33
                  local.get $tv128_33
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
                    local.get $tv128_32
                    i32x4.extract_lane 0
                    i32.store
                  end
                  local.get $tv128_33
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
                    local.get $tv128_32
                    i32x4.extract_lane 1
                    i32.store
                  end
                  local.get $tv128_33
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
                    local.get $tv128_32
                    i32x4.extract_lane 2
                    i32.store
                  end
                  local.get $tv128_33
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
                    local.get $tv128_32
                    i32x4.extract_lane 3
                    i32.store
                  end
                end
              end
              local.get $col_v_2
              v128.const i8x16 4 0 0 0 4 0 0 0 4 0 0 0 4 0 0 0
              i32x4.add
              local.set $col_v_2
              local.get $col
              i32.const 4
              i32.add
              local.tee $col
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
            local.get $col
            local.get $stop
            i32.ge_s
            br_if 1
            block
              local.get $col
              f64.convert_i32_s
              local.get $w
              f64.convert_i32_s
              f64.div
              f64.const 3.5
              f64.mul
              f64.const 2.5
              f64.sub
              f32.demote_f64
              local.set $x0_5
              local.get $row
              f64.convert_i32_s
              local.get $h
              f64.convert_i32_s
              f64.div
              f64.const 2
              f64.mul
              f64.const 1
              f64.sub
              f32.demote_f64
              local.set $y0_5
              f32.const 0
              local.set $x_5
              f32.const 0
              local.set $y_5
              i32.const 0
              local.set $it_5
              block
                local.get $x_5
                local.get $x_5
                f32.mul
                local.get $y_5
                local.get $y_5
                f32.mul
                f32.add
                f32.const 4
                f32.le
                local.get $it_5
                local.get $maxIter
                i32.lt_s
                i32.and
                i32.eqz
                br_if 0
                loop
                  block
                    local.get $x_5
                    local.get $x_5
                    f32.mul
                    local.get $y_5
                    local.get $y_5
                    f32.mul
                    f32.sub
                    local.get $x0_5
                    f32.add
                    local.set $t_5
                    f32.const 2
                    local.get $x_5
                    f32.mul
                    local.get $y_5
                    f32.mul
                    local.get $y0_5
                    f32.add
                    local.set $y_5
                    local.get $t_5
                    local.set $x_5
                    local.get $it_5
                    i32.const 1
                    i32.add
                    local.set $it_5
                  end
                  local.get $x_5
                  local.get $x_5
                  f32.mul
                  local.get $y_5
                  local.get $y_5
                  f32.mul
                  f32.add
                  f32.const 4
                  f32.le
                  local.get $it_5
                  local.get $maxIter
                  i32.lt_s
                  i32.and
                  br_if 0
                end
              end
              local.get $row
              local.get $w
              i32.mul
              local.get $col
              i32.add
              local.set $ti32_19
              local.get $it_5
              local.set $ti32_17
              local.get $ti32_19
              local.get $out_len
              i32.lt_u
              if
                local.get $out_ptr
                local.get $ti32_19
                i32.const 2
                i32.shl
                i32.add
                local.get $ti32_17
                i32.store
              end
            end
            local.get $col
            i32.const 1
            i32.add
            local.set $col
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