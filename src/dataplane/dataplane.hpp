// Where negotiated tunnels and sessions go: the kernel datapath, or nothing at all (ARCHITECTURE.md
// "datapath behind an interface"). A failed install is reported so the engine can clear the
// tunnel or session it belongs to.
#pragma once

#include <memory>
#include <string>

#include "l2tp/engine/action.hpp"

namespace l2tp::dataplane {

class Dataplane {
  public:
    virtual ~Dataplane() = default;
    virtual std::string_view name() const = 0;
    // False when the tunnel / session could not be installed.
    virtual bool install_tunnel(const engine::InstallTunnel& tunnel) = 0;
    virtual void remove_tunnel(const engine::RemoveTunnel& tunnel) = 0;
    virtual bool install_session(const engine::InstallSession& session) = 0;
    virtual bool start_ppp(const engine::StartPpp& session) = 0;
    virtual void remove_session(const engine::RemoveSession& session) = 0;
};

// Does nothing and always succeeds: control-plane tests, load runs, and machines whose kernel
// has no L2TP.
class NullDataplane final : public Dataplane {
  public:
    std::string_view name() const override { return "null"; }
    bool install_tunnel(const engine::InstallTunnel&) override { return true; }
    void remove_tunnel(const engine::RemoveTunnel&) override {}
    bool install_session(const engine::InstallSession&) override { return true; }
    bool start_ppp(const engine::StartPpp&) override { return true; }
    void remove_session(const engine::RemoveSession&) override {}
};

}  // namespace l2tp::dataplane
