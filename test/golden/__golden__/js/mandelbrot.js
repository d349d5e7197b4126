// numbat: kernel kernel (i32[], i32, i32, i32) grid 2-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // out: i32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    const $s1 = $scalars[1]; // grid1: i32
    const $s2 = $scalars[2]; // w: i32
    const $s3 = $scalars[3]; // h: i32
    const $s4 = $scalars[4]; // maxIter: i32
    const $s2_float = $s2;
    const $s3_float = $s3;
    let $f = $begin;
    while ($f < $end) {
      const row = Math.floor($f / $s1);
      const $c0 = $f - row * $s1;
      const $cEnd = Math.min($s1, $c0 + ($end - $f));
      $grid: for (let col = $c0; col < $cEnd; col++) {
        let x0 = Math.fround((((col / $s2_float) * 3.5) - 2.5));
        let y0 = Math.fround((((row / $s3_float) * 2) - 1));
        let x = 0;
        let y = 0;
        let it = 0;
        L1: while (((Math.fround(Math.fround(x * x) + Math.fround(y * y)) <= 4) && (it < $s4))) {
          let t = Math.fround(Math.fround(Math.fround(x * x) - Math.fround(y * y)) + x0);
          y = Math.fround(Math.fround(Math.fround(2 * x) * y) + y0);
          x = t;
          it = (it + 1 | 0);
        }
        $b0[(Math.imul(row, $s2) + col | 0)] = it;
      }
  
      $f += $cEnd - $c0;
    }
    return undefined;
  }
  return { run };
})()