// Where negotiated tunnels and sessions go: the interface the engine's install and remove
// actions are carried out through (ARCHITECTURE.md "datapath behind an interface"). The kernel
// datapath and the null one implement it. A failed install is reported so that the engine can
// clear the tunnel or session it belongs to.
#pragma once

#include <string_view>

#include "l2tp/engine/action.hpp"

namespace l2tp::engine {

class Dataplane {
  public:
    virtual ~Dataplane() = default;
    virtual std::string_view name() const = 0;
    // False when the tunnel / session could not be installed.
    virtual bool install_tunnel(const InstallTunnel& tunnel) = 0;
    virtual void remove_tunnel(const RemoveTunnel& tunnel) = 0;
    virtual bool install_session(const InstallSession& session) = 0;
    virtual bool start_ppp(const StartPpp& session) = 0;
    virtual void remove_session(const RemoveSession& session) = 0;
};

}  // namespace l2tp::engine
