// What build of l2tpd this is, as `l2tpd --version` and `l2tpctl --version` print it.
#pragma once

#include <string>
#include <string_view>

namespace l2tp::release {

// "PROGRAM VERSION" for a release, "PROGRAM VERSION (git DESCRIPTION)" for a development build
// (one made from a git checkout): e.g. "l2tpd 0.2.0 (git a77aac3-dirty)".
std::string describe(std::string_view program);

}  // namespace l2tp::release
