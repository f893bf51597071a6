#include "release/release.hpp"

#include "release/git_description.hpp"

namespace l2tp::release {

std::string describe(std::string_view program) {
    std::string text = std::string(program) + " " + L2TP_VERSION;
    if (!kGitDescription.empty()) {
        text += " (git " + std::string(kGitDescription) + ")";
    }
    return text;
}

}  // namespace l2tp::release
