// The dataplane that does nothing and always succeeds: control-plane tests, load runs, and
// machines whose kernel has no L2TP. Tests derive their stand-ins from it.
#pragma once

#include "dataplane/dataplane.hpp"

namespace l2tp::dataplane {

class NullDataplane : public dataplane::Dataplane {
  public:
    std::string_view name() const override { return "null"; }
    // Carries nothing, so it needs no socket of the tunnel's own.
    Result<void> install_tunnel(const model::InstallTunnel&, const TunnelSocket&) override {
        return {};
    }
    void remove_tunnel(const model::RemoveTunnel&) override {}
    Result<void> install_session(const model::InstallSession&) override { return {}; }
    Result<int> open_ppp_channel(const model::StartPpp&) override { return -1; }
    void remove_session(const model::RemoveSession&) override {}
    std::optional<dataplane::DatapathCounters> tunnel_counters(std::uint32_t) override {
        return std::nullopt;
    }
    std::unordered_map<std::uint32_t, dataplane::DatapathCounters> installed_tunnel_counters()
        override {
        return {};
    }
    dataplane::DatapathCounters removed_tunnels_counters() const override { return {}; }
    std::optional<dataplane::SessionDatapath> session_datapath(std::uint32_t,
                                                               std::uint32_t) override {
        return std::nullopt;
    }
    dataplane::SessionDatapaths installed_session_datapaths() override { return {}; }
};

}  // namespace l2tp::dataplane
