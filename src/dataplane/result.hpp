// What every operation across the kernel boundary answers (netlink requests, interface ioctls,
// PPPoL2TP sockets, the Dataplane interface, the static tunnels): its value, or an Error that
// names the kernel call that failed and the errno it failed with, with the text the daemon
// logs and tells the peer in a StopCCN or CDN ("L2TP_CMD_SESSION_CREATE: File exists").
// std::expected would do (C++23); g++ 12 has none.
#pragma once

#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace l2tp::dataplane {

struct Error {
    std::string call;     // "L2TP_CMD_SESSION_CREATE", "SIOCSIFMTU"; empty: refused before any
    int errno_value = 0;  // what the call failed with; 0 when no call failed
    std::string text;     // what is logged and told: "interface st0: SIOCSIFMTU: Invalid argument"

    // A failed call, told as "CALL: <strerror>".
    static Error of_call(std::string call, int errno_value) {
        std::string text = call + ": " + std::generic_category().message(errno_value);
        return Error{std::move(call), errno_value, std::move(text)};
    }
    // Refused by us, before any call: nothing but the text.
    static Error refusal(std::string text) { return Error{{}, 0, std::move(text)}; }

    // The same error, its text preceded by what it concerns: "interface st0: SIOCSIFMTU: ...".
    [[nodiscard]] Error within(const std::string& context) const {
        return Error{call, errno_value, context + ": " + text};
    }
    [[nodiscard]] bool is(std::errc condition) const {
        return errno_value == static_cast<int>(condition);
    }
};

template <typename T>
class [[nodiscard]] Result {
  public:
    // Implicit, so that a function returns its value or an Error as it is.
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    explicit operator bool() const noexcept { return state_.index() == 0; }
    // Only on success.
    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T value_or(T fallback) const& { return *this ? value() : std::move(fallback); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    // Only on failure.
    const Error& error() const { return std::get<1>(state_); }

  private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;  // success
    Result(Error error) : error_(std::move(error)) {}

    explicit operator bool() const noexcept { return !error_.has_value(); }
    // Only on failure.
    const Error& error() const { return *error_; }

  private:
    std::optional<Error> error_;
};

}  // namespace l2tp::dataplane
