#include "l2tp/model/engine_config.hpp"

namespace l2tp::model {

bool PeerProfile::matches(const PeerEndpoint& from, wire::ProtocolVersion version,
                          std::string_view peer_host_name) const {
    return profile.version == version && (!address || same_host(*address, from)) &&
           (host_name.empty() || host_name == peer_host_name);
}

}  // namespace l2tp::model
