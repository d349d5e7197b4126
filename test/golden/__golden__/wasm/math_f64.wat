;; 1246428 characters of WebAssembly text, SHA-256 9201b0fe41ddaa066410de82c25b53b46fd02203d2891f0b8741e83d5ac40e4b
