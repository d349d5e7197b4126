;; 1253826 characters of WebAssembly text, SHA-256 1343b5e129994b8bc32a714dd2ace09a1afd57ea6b9dc9d9104da7c221cceb5a
