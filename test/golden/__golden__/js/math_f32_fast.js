// numbat: kernel mathEvery (f32[], f32[], f32[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f32[]
    const $b1 = $bufs[1]; // y: f32[]
    const $b2 = $bufs[2]; // o: f32[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    $grid: for (let i = $begin; i < $end; i++) {
      let a = $b0[i];
      let b = $b1[i];
      let k = Math.imul(i, 34);
      $b2[k] = Math.abs(a);
      $b2[(k + 1 | 0)] = Math.sign(a);
      $b2[(k + 2 | 0)] = Math.fround(Math.sqrt(a));
      $b2[(k + 3 | 0)] = Math.fround(Math.cbrt(a));
      $b2[(k + 4 | 0)] = Math.floor(a);
      $b2[(k + 5 | 0)] = Math.ceil(a);
      $b2[(k + 6 | 0)] = Math.round(a);
      $b2[(k + 7 | 0)] = Math.trunc(a);
      $b2[(k + 8 | 0)] = a;
      $b2[(k + 9 | 0)] = Math.fround(Math.exp(a));
      $b2[(k + 10 | 0)] = Math.fround(Math.expm1(a));
      $b2[(k + 11 | 0)] = Math.fround(Math.log(a));
      $b2[(k + 12 | 0)] = Math.fround(Math.log1p(a));
      $b2[(k + 13 | 0)] = Math.fround(Math.log2(a));
      $b2[(k + 14 | 0)] = Math.fround(Math.log10(a));
      $b2[(k + 15 | 0)] = Math.fround(Math.sin(a));
      $b2[(k + 16 | 0)] = Math.fround(Math.cos(a));
      $b2[(k + 17 | 0)] = Math.fround(Math.tan(a));
      $b2[(k + 18 | 0)] = Math.fround(Math.asin(a));
      $b2[(k + 19 | 0)] = Math.fround(Math.acos(a));
      $b2[(k + 20 | 0)] = Math.fround(Math.atan(a));
      $b2[(k + 21 | 0)] = Math.fround(Math.atan2(a, b));
      $b2[(k + 22 | 0)] = Math.fround(Math.sinh(a));
      $b2[(k + 23 | 0)] = Math.fround(Math.cosh(a));
      $b2[(k + 24 | 0)] = Math.fround(Math.tanh(a));
      $b2[(k + 25 | 0)] = Math.fround(Math.asinh(a));
      $b2[(k + 26 | 0)] = Math.fround(Math.acosh(a));
      $b2[(k + 27 | 0)] = Math.fround(Math.atanh(a));
      $b2[(k + 28 | 0)] = Math.fround(Math.pow(a, b));
      $b2[(k + 29 | 0)] = Math.fround(Math.hypot(a, b));
      $b2[(k + 30 | 0)] = Math.min(a, b);
      $b2[(k + 31 | 0)] = Math.max(a, b);
      $b2[(k + 32 | 0)] = Math.fround(Math.imul((a | 0), (b | 0)));
      $b2[(k + 33 | 0)] = Math.fround(Math.clz32((a >>> 0)));
    }
    return undefined;
  }
  return { run };
})()