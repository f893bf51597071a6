#include "mgmt/command_arguments.hpp"

#include <algorithm>
#include <limits>

#include "l2tp/wire/printable.hpp"

namespace l2tp::mgmt {

namespace {

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

bool fits(const nlohmann::json& value, const ArgumentSpec& spec) {
    switch (spec.kind) {
        case ArgumentSpec::Kind::kId:
            // A non-negative number parsed is unsigned; one built in C++ from an int is not.
            return value.is_number_unsigned()
                       ? value.get<std::uint64_t>() <= std::numeric_limits<std::uint32_t>::max()
                       : value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
                             value.get<std::int64_t>() <= std::numeric_limits<std::uint32_t>::max();
        case ArgumentSpec::Kind::kText:
            return value.is_string();
        case ArgumentSpec::Kind::kChoice:
            return value.is_string() && std::find(spec.choices.begin(), spec.choices.end(),
                                                  value.get<std::string>()) != spec.choices.end();
    }
    return false;
}

}  // namespace

std::string ArgumentSpec::expected() const {
    switch (kind) {
        case Kind::kId:
            return "a whole number from 0 to " +
                   std::to_string(std::numeric_limits<std::uint32_t>::max());
        case Kind::kText:
            return "a string";
        case Kind::kChoice:
            return "one of: " + join(choices);
    }
    return {};
}

Arguments::Arguments(const nlohmann::json& request, std::string_view command,
                     const std::vector<ArgumentSpec>& specs)
    : request_(request), specs_(specs) {
    for (const auto& item : request.items()) {
        const std::string& name = item.key();
        if (name == "command") {
            continue;
        }
        const auto it = std::find_if(specs.begin(), specs.end(),
                                     [&](const ArgumentSpec& s) { return s.name == name; });
        if (it == specs.end()) {
            std::vector<std::string> known;
            for (const ArgumentSpec& s : specs) {
                known.push_back(s.name);
            }
            throw ArgumentError(
                "unknown argument '" + wire::printable(name) + "' to '" + std::string(command) +
                "' (" + (known.empty() ? "it takes none" : "expected one of: " + join(known)) +
                ")");
        }
        if (!fits(item.value(), *it)) {
            throw ArgumentError("argument '" + name + "': expected " + it->expected());
        }
    }
    for (const ArgumentSpec& s : specs) {
        if (s.required && !request.contains(s.name)) {
            throw ArgumentError("missing argument '" + s.name + "': expected " + s.expected());
        }
    }
}

const ArgumentSpec& Arguments::spec(std::string_view name) const {
    const auto it = std::find_if(specs_.begin(), specs_.end(),
                                 [&](const ArgumentSpec& s) { return s.name == name; });
    if (it == specs_.end()) {
        throw std::logic_error("no argument '" + std::string(name) + "' in the command's specs");
    }
    return *it;
}

std::uint32_t Arguments::id(std::string_view name) const {
    return request_.at(spec(name).name).get<std::uint32_t>();
}

std::string Arguments::text(std::string_view name) const {
    const ArgumentSpec& s = spec(name);
    return request_.contains(s.name) ? request_[s.name].get<std::string>() : s.fallback;
}

}  // namespace l2tp::mgmt
