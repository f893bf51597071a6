// The dataplane that does nothing and always succeeds: control-plane tests, load runs, and
// machines whose kernel has no L2TP. Tests derive their stand-ins from it.
#pragma once

#include "l2tp/engine/dataplane.hpp"

namespace l2tp::dataplane {

class NullDataplane : public engine::Dataplane {
  public:
    std::string_view name() const override { return "null"; }
    std::optional<engine::DataplaneError> install_tunnel(const engine::InstallTunnel&,
                                                         int) override {
        return std::nullopt;
    }
    void remove_tunnel(const engine::RemoveTunnel&) override {}
    std::optional<engine::DataplaneError> install_session(const engine::InstallSession&) override {
        return std::nullopt;
    }
    std::optional<engine::DataplaneError> open_ppp_channel(const engine::StartPpp&,
                                                           int& channel) override {
        channel = -1;
        return std::nullopt;
    }
    void remove_session(const engine::RemoveSession&) override {}
    std::optional<engine::DatapathCounters> tunnel_counters(std::uint32_t) override {
        return std::nullopt;
    }
    std::unordered_map<std::uint32_t, engine::DatapathCounters> installed_tunnel_counters()
        override {
        return {};
    }
    engine::DatapathCounters removed_tunnels_counters() const override { return {}; }
    std::optional<engine::SessionDatapath> session_datapath(std::uint32_t, std::uint32_t) override {
        return std::nullopt;
    }
};

}  // namespace l2tp::dataplane
