#include "l2tp/wire/challenge.hpp"

#include <openssl/crypto.h>

#include "l2tp/wire/md5_hash.hpp"

namespace l2tp::wire {

ChallengeResponse compute_challenge_response(MessageType carrying_message, Bytes secret,
                                             Bytes challenge) {
    const std::array<std::uint8_t, 1> id{static_cast<std::uint8_t>(carrying_message)};
    return Md5Hash().update(id).update(secret).update(challenge).finish();
}

bool challenge_response_matches(const ChallengeResponse& expected, Bytes received) {
    return received.size() == expected.size() &&
           CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

}  // namespace l2tp::wire
