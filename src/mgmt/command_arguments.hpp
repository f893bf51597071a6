// A management request's arguments, checked as strictly as the configuration is: an argument
// the command does not take, a missing one or one of the wrong type is refused with its name
// and what was expected, never ignored or read as a default.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace l2tp::mgmt {

// What a command takes.
struct ArgumentSpec {
    enum class Kind {
        kId,      // a tunnel or session ID: a whole number from 0 to 2^32 - 1
        kText,    // any string
        kChoice,  // one of `choices`
    };
    std::string name;
    Kind kind = Kind::kText;
    bool required = false;
    std::string fallback;  // the value of an optional text or choice left out
    std::vector<std::string> choices;

    // What a value must be, as the error answers and the help say it.
    [[nodiscard]] std::string expected() const;
};

// A request refused for one of its arguments; what() names the argument.
struct ArgumentError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

class Arguments {
  public:
    // Throws ArgumentError unless `request` (its "command" aside) has exactly arguments of
    // `specs`, each of its kind, the required ones included.
    Arguments(const nlohmann::json& request, std::string_view command,
              const std::vector<ArgumentSpec>& specs);

    // The value of an argument of the command's specs: kId ones by id(), the others by text()
    // (the fallback when it was left out).
    [[nodiscard]] std::uint32_t id(std::string_view name) const;
    [[nodiscard]] std::string text(std::string_view name) const;

  private:
    const ArgumentSpec& spec(std::string_view name) const;

    const nlohmann::json& request_;
    const std::vector<ArgumentSpec>& specs_;
};

}  // namespace l2tp::mgmt
