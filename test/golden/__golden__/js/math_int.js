// numbat: kernel kernel (i32[], i32[], i32[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: i32[]
    const $b1 = $bufs[1]; // y: i32[]
    const $b2 = $bufs[2]; // o: i32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    $grid: for (let i = $begin; i < $end; i++) {
      let a = $b0[i];
      let b = $b1[i];
      let k = Math.imul(i, 8);
      $b2[k] = (Math.abs(a) | 0);
      $b2[(k + 1 | 0)] = Math.min(a, b);
      $b2[(k + 2 | 0)] = Math.max(Math.max(a, b), 3);
      $b2[(k + 3 | 0)] = Math.sign(a);
      $b2[(k + 4 | 0)] = Math.imul(a, b);
      $b2[(k + 5 | 0)] = Math.clz32((a >>> 0));
      $b2[(k + 6 | 0)] = a;
      $b2[(k + 7 | 0)] = (Math.sqrt(b) | 0);
    }
    return undefined;
  }
  return { run };
})()