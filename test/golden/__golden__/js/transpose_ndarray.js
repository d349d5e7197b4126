// numbat: kernel kernel (f32[,]nd, f32[,]nd) grid 2-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // a: f32[]
    const $b1 = $bufs[1]; // out: f32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // grid1: i32
    const $s2 = $scalars[2]; // a_stride0: i32
    const $s3 = $scalars[3]; // out_stride0: i32
    let $f = $begin;
    while ($f < $end) {
      const i = Math.floor($f / $s1);
      const $c0 = $f - i * $s1;
      const $cEnd = Math.min($s1, $c0 + ($end - $f));
      $grid: for (let j = $c0; j < $cEnd; j++) {
        $b1[(Math.imul(j, $s3) + i | 0)] = $b0[(Math.imul(i, $s2) + j | 0)];
      }
  
      $f += $cEnd - $c0;
    }
    return undefined;
  }
  return { run };
})()