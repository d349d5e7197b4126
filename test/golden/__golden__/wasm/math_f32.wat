;; 1141824 characters of WebAssembly text, SHA-256 b87f39bb2fe690c9e27cb0972ca96a4be03bfcc2a4c79ee2c52a69471562634d
