// numbat: kernel kernel (f32[], f32[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f32[]
    const $b1 = $bufs[1]; // out: f32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // x_length: i32
    const $s1_f64 = $s1;
    const $l0 = new Float32Array(64); // t
    const $l1 = new Float32Array(64); // v_all
    $grid: for (let nb_group0 = $begin; nb_group0 < $end; nb_group0++) {
      $l0.fill(0);
      $l1.fill(0);
      let nb_l = 0;
      nb_l = 0;
      nb_inv_loop: while ((nb_l < 64)) {
        nb_inv: {
          let nb_local0 = nb_l;
          let i = (Math.imul(nb_group0, 64) + nb_local0 | 0);
          $l0[nb_local0] = ((i < $s1) ? $b0[i] : 0);
        }
        nb_l = (nb_l + 1 | 0);
      }
      let off = 1;
      L1: while ((off < 64)) {
        nb_l = 0;
        nb_inv_2_loop: while ((nb_l < 64)) {
          nb_inv_2: {
            let nb_local0 = nb_l;
            $l1[nb_l] = ((nb_local0 >= off) ? $l0[(nb_local0 - off | 0)] : 0);
          }
          nb_l = (nb_l + 1 | 0);
        }
        nb_l = 0;
        nb_inv_3_loop: while ((nb_l < 64)) {
          nb_inv_3: {
            let nb_local0 = nb_l;
            $l0[nb_local0] = Math.fround($l0[nb_local0] + $l1[nb_l]);
          }
          nb_l = (nb_l + 1 | 0);
        }
        off = Math.imul(off, 2);
      }
      let nb_bound = ($s1_f64 - Math.imul(nb_group0, 64));
      let nb_end = (((nb_bound > 64) ? 64 : ((nb_bound < 0) ? 0 : nb_bound)) | 0);
      nb_l = 0;
      nb_inv_4_loop: while ((nb_l < nb_end)) {
        nb_inv_4: {
          let nb_local0 = nb_l;
          let i = (Math.imul(nb_group0, 64) + nb_local0 | 0);
          $b1[i] = Math.fround($l0[nb_local0] + Math.fround(nb_group0));
        }
        nb_l = (nb_l + 1 | 0);
      }
    }
    return undefined;
  }
  return { run };
})()