#include "fsm/control_authentication.hpp"

#include "l2tp/wire/challenge.hpp"

namespace l2tp::fsm {

namespace {

constexpr std::size_t kChallengeSize = 16;
constexpr std::size_t kNonceSize = 16;

wire::Bytes text_bytes(const std::string& text) {
    return wire::Bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace

ControlAuthentication::ControlAuthentication(const model::TunnelProfile& profile,
                                             wire::RandomSource& random)
    : version_(profile.version),
      secret_(profile.secret),
      challenge_peer_(profile.version == wire::ProtocolVersion::kV2 && profile.challenge &&
                      !profile.secret.empty()),
      random_(random),
      shared_key_(wire::derive_shared_key(text_bytes(profile.secret))) {
    if (version_ == wire::ProtocolVersion::kV3 && profile.digest) {
        digesting_ = true;
        digest_type_ = *profile.digest;
        local_nonce_ = random_.octets(kNonceSize);
    }
}

void ControlAuthentication::add_nonce(wire::MessageBuilder& b) const {
    if (digesting_) {
        b.add_octets(wire::avp::kControlMessageAuthNonce, local_nonce_);
    }
}

void ControlAuthentication::add_challenge(wire::MessageBuilder& b) {
    if (challenge_peer_) {
        our_challenge_ = random_.octets(kChallengeSize);
        b.add_octets(wire::avp::kChallenge, our_challenge_);
    }
}

void ControlAuthentication::add_response(wire::MessageBuilder& b, wire::MessageType carrier,
                                         wire::Visibility visibility) const {
    if (peer_challenge_.empty()) {
        return;
    }
    const wire::ChallengeResponse response =
        wire::compute_challenge_response(carrier, text_bytes(secret_), peer_challenge_);
    b.add_octets(wire::avp::kChallengeResponse, response, visibility);
}

ControlAuthentication::PeerVerdict ControlAuthentication::learn_peer(
    const wire::ControlMessage& m) {
    if (const auto challenge = m.octets(wire::avp::kChallenge)) {
        if (secret_.empty()) {
            return PeerVerdict::kChallengedWithoutSecret;
        }
        peer_challenge_.assign(challenge->begin(), challenge->end());
    }
    if (version_ != wire::ProtocolVersion::kV3) {
        return PeerVerdict::kAccepted;
    }
    const auto nonce = m.octets(wire::avp::kControlMessageAuthNonce);
    if (!nonce) {
        return digesting_ ? PeerVerdict::kNonceMissing : PeerVerdict::kAccepted;
    }
    peer_nonce_.assign(nonce->begin(), nonce->end());
    if (digesting_) {
        return PeerVerdict::kAccepted;
    }
    // RFC 3931 §4.3: a nonce from the peer turns authentication on for both sides.
    digesting_ = true;
    local_nonce_ = random_.octets(kNonceSize);
    return PeerVerdict::kDigestTurnedOn;
}

bool ControlAuthentication::response_matches(const wire::ControlMessage& m,
                                             wire::MessageType carrier) const {
    if (our_challenge_.empty()) {
        return true;
    }
    const wire::ChallengeResponse expected =
        wire::compute_challenge_response(carrier, text_bytes(secret_), our_challenge_);
    const auto response = m.octets(wire::avp::kChallengeResponse);
    return response && wire::challenge_response_matches(expected, *response);
}

bool ControlAuthentication::authentic(wire::Bytes bytes, const wire::ControlMessage& m) const {
    const bool carries_digest = m.has(wire::avp::kMessageDigest);
    if (!digesting_ && !carries_digest) {
        return true;
    }
    if (!digesting_) {
        // RFC 3931 §4.3: a digest without authentication is an integrity check computed with
        // an empty secret and no nonces.
        const wire::SharedKey keys[] = {wire::derive_shared_key({})};
        return wire::verify_control_message(bytes, keys, {}) == wire::WireError::kNone;
    }
    const bool first = !m.is_zlb() && m.type() == wire::MessageType::kSccrq;
    wire::Bytes peer_nonce = peer_nonce_;
    if (!first && peer_nonce.empty() && !m.is_zlb() && m.type() == wire::MessageType::kSccrp) {
        // The SCCRP brings the nonce its own digest is keyed with.
        peer_nonce = m.octets(wire::avp::kControlMessageAuthNonce).value_or(wire::Bytes());
    }
    const wire::SharedKey keys[] = {shared_key_};
    const wire::NoncePair nonces =
        first ? wire::NoncePair{} : wire::NoncePair{local_nonce_, peer_nonce};
    return wire::verify_control_message(bytes, keys, nonces) == wire::WireError::kNone;
}

void ControlAuthentication::seal(wire::MutableBytes message) const {
    if (!digesting_) {
        return;
    }
    // Until the peer's nonce is known the only message is our SCCRQ, digested without nonces.
    const wire::NoncePair nonces =
        peer_nonce_.empty() ? wire::NoncePair{} : wire::NoncePair{local_nonce_, peer_nonce_};
    wire::sign_control_message(message, shared_key_, nonces);
}

}  // namespace l2tp::fsm
