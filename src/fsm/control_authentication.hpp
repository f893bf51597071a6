// Control connection authentication: L2TPv2 Challenge and Challenge Response (RFC 2661
// §5.1.1) and L2TPv3 Control Message Authentication with nonces and the Message Digest (RFC
// 3931 §4.3, §5.4.1). What this end adds to its set-up messages, what it checks in the
// peer's, and the digest that seals every message it sends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "l2tp/model/tunnel_profile.hpp"
#include "l2tp/wire/control_message.hpp"
#include "l2tp/wire/message_builder.hpp"
#include "l2tp/wire/message_digest.hpp"
#include "l2tp/wire/random.hpp"

namespace l2tp::fsm {

class ControlAuthentication {
  public:
    ControlAuthentication(const model::TunnelProfile& profile, wire::RandomSource& random);

    // Every message carries a Message Digest of this type.
    [[nodiscard]] bool digesting() const { return digesting_; }
    [[nodiscard]] wire::DigestType digest_type() const { return digest_type_; }

    // v3 SCCRQ / SCCRP: our Control Message Authentication Nonce, when digesting.
    void add_nonce(wire::MessageBuilder& b) const;
    // v2 SCCRQ / SCCRP: a fresh Challenge, when the profile asks the peer to authenticate.
    void add_challenge(wire::MessageBuilder& b);
    // SCCRP / SCCCN: the response to the peer's Challenge, if it sent one.
    void add_response(wire::MessageBuilder& b, wire::MessageType carrier,
                      wire::Visibility visibility) const;

    enum class PeerVerdict : std::uint8_t {
        kAccepted,
        kDigestTurnedOn,           // the peer's nonce turned digests on (RFC 3931 §4.3)
        kChallengedWithoutSecret,  // we cannot answer: StopCCN Result 4
        kNonceMissing,             // we digest and the peer sent no nonce: StopCCN Result 4
    };
    // The peer's Challenge and nonce from its SCCRQ or SCCRP.
    PeerVerdict learn_peer(const wire::ControlMessage& m);
    // Whether `m` answers our Challenge correctly; true when we sent none.
    [[nodiscard]] bool response_matches(const wire::ControlMessage& m,
                                        wire::MessageType carrier) const;
    // Whether `bytes` (decoded as `m`) carries the digest it must (RFC 3931 §5.4.1).
    [[nodiscard]] bool authentic(wire::Bytes bytes, const wire::ControlMessage& m) const;
    void seal(wire::MutableBytes message) const;

  private:
    wire::ProtocolVersion version_;
    std::string secret_;
    bool challenge_peer_;
    wire::RandomSource& random_;
    // L2TPv2: the challenge we sent, and the one we must answer.
    std::vector<std::uint8_t> our_challenge_;
    std::vector<std::uint8_t> peer_challenge_;
    // L2TPv3.
    bool digesting_ = false;
    wire::DigestType digest_type_ = wire::DigestType::kHmacMd5;
    wire::SharedKey shared_key_{};
    std::vector<std::uint8_t> local_nonce_;
    std::vector<std::uint8_t> peer_nonce_;
};

}  // namespace l2tp::fsm
