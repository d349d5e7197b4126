;; 1254436 characters of WebAssembly text, SHA-256 59cd98c23ccf8026a10c8b7d6bfd96527a382ddeba83ce9710386436b457b3bd
