// The dataplane that does nothing and always succeeds: control-plane tests, load runs, and
// machines whose kernel has no L2TP.
#pragma once

#include "l2tp/engine/dataplane.hpp"

namespace l2tp::dataplane {

class NullDataplane final : public engine::Dataplane {
  public:
    std::string_view name() const override { return "null"; }
    bool install_tunnel(const engine::InstallTunnel&) override { return true; }
    void remove_tunnel(const engine::RemoveTunnel&) override {}
    bool install_session(const engine::InstallSession&) override { return true; }
    bool start_ppp(const engine::StartPpp&) override { return true; }
    void remove_session(const engine::RemoveSession&) override {}
};

}  // namespace l2tp::dataplane
