// OpenSSL initialises itself on first use: it reads openssl.cnf, loads its default provider,
// fetches each algorithm and seeds its random generator from the kernel. Done lazily, those
// milliseconds fall on the first tunnel a freshly started daemon sets up (its tunnel ID, the
// Challenge, a hidden AVP, the v3 digest). warm_up_crypto() does them at once: call it before
// serving, on the thread that will run the engine (the random pool and the HMAC templates are
// per thread).
#pragma once

namespace l2tp::wire {

// Throws std::runtime_error when OpenSSL cannot provide what the codec needs.
void warm_up_crypto();

}  // namespace l2tp::wire
