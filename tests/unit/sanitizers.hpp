// TRIBODY_ASAN: the tests are built with AddressSanitizer (g++ or clang),
// whose shadow memory makes address-space limits meaningless.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define TRIBODY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRIBODY_ASAN 1
#endif
#endif
