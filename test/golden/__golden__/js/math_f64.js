// numbat: kernel mathEvery (f64[], f64[], f64[]) grid 1-D, generated JavaScript
(() => {
  function run($bufs, $scalars, $begin, $end) {
    const $b0 = $bufs[0]; // x: f64[]
    const $b1 = $bufs[1]; // y: f64[]
    const $b2 = $bufs[2]; // o: f64[] (written)
    const $s0 = $scalars[0]; // grid0: i32
    $grid: for (let i = $begin; i < $end; i++) {
      let a = $b0[i];
      let b = $b1[i];
      let k = Math.imul(i, 34);
      $b2[k] = Math.abs(a);
      $b2[(k + 1 | 0)] = Math.sign(a);
      $b2[(k + 2 | 0)] = Math.sqrt(a);
      $b2[(k + 3 | 0)] = Math.cbrt(a);
      $b2[(k + 4 | 0)] = Math.floor(a);
      $b2[(k + 5 | 0)] = Math.ceil(a);
      $b2[(k + 6 | 0)] = Math.round(a);
      $b2[(k + 7 | 0)] = Math.trunc(a);
      $b2[(k + 8 | 0)] = Math.fround(a);
      $b2[(k + 9 | 0)] = Math.exp(a);
      $b2[(k + 10 | 0)] = Math.expm1(a);
      $b2[(k + 11 | 0)] = Math.log(a);
      $b2[(k + 12 | 0)] = Math.log1p(a);
      $b2[(k + 13 | 0)] = Math.log2(a);
      $b2[(k + 14 | 0)] = Math.log10(a);
      $b2[(k + 15 | 0)] = Math.sin(a);
      $b2[(k + 16 | 0)] = Math.cos(a);
      $b2[(k + 17 | 0)] = Math.tan(a);
      $b2[(k + 18 | 0)] = Math.asin(a);
      $b2[(k + 19 | 0)] = Math.acos(a);
      $b2[(k + 20 | 0)] = Math.atan(a);
      $b2[(k + 21 | 0)] = Math.atan2(a, b);
      $b2[(k + 22 | 0)] = Math.sinh(a);
      $b2[(k + 23 | 0)] = Math.cosh(a);
      $b2[(k + 24 | 0)] = Math.tanh(a);
      $b2[(k + 25 | 0)] = Math.asinh(a);
      $b2[(k + 26 | 0)] = Math.acosh(a);
      $b2[(k + 27 | 0)] = Math.atanh(a);
      $b2[(k + 28 | 0)] = Math.pow(a, b);
      $b2[(k + 29 | 0)] = Math.hypot(a, b);
      $b2[(k + 30 | 0)] = Math.min(a, b);
      $b2[(k + 31 | 0)] = Math.max(a, b);
      $b2[(k + 32 | 0)] = Math.imul((a | 0), (b | 0));
      $b2[(k + 33 | 0)] = Math.clz32((a >>> 0));
    }
    return undefined;
  }
  return { run };
})()