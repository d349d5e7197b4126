;; 1137660 characters of WebAssembly text, SHA-256 210340c5e2940b968ea7c5fafae0dfd3a490a3a25f96b52752b6972515f353c3
