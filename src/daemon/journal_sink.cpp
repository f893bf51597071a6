#include "daemon/journal_sink.hpp"

#include <sys/uio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include <charconv>
#include <vector>

namespace l2tp::daemon {

namespace {

// "WORD N" at the start of `text`: N, and `text` moved past it.
std::optional<std::uint32_t> numbered(std::string_view& text, std::string_view word) {
    if (!text.starts_with(word)) {
        return std::nullopt;
    }
    const char* begin = text.data() + word.size();
    std::uint32_t n = 0;
    const auto [end, error] = std::from_chars(begin, text.data() + text.size(), n);
    if (error != std::errc() || end == begin) {
        return std::nullopt;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return n;
}

int priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            return LOG_DEBUG;
        case spdlog::level::info:
            return LOG_INFO;
        case spdlog::level::warn:
            return LOG_WARNING;
        case spdlog::level::err:
            return LOG_ERR;
        case spdlog::level::critical:
            return LOG_CRIT;
        case spdlog::level::off:
        case spdlog::level::n_levels:
            break;
    }
    return LOG_INFO;
}

}  // namespace

RecordSubject record_subject(std::string_view text) {
    RecordSubject s;
    s.tunnel = numbered(text, "tunnel ");
    if (s.tunnel) {
        s.session = numbered(text, " session ");
    }
    return s;
}

void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
    const std::string_view text(msg.payload.data(), msg.payload.size());
    std::vector<std::string> fields = {"MESSAGE=" + std::string(text),
                                       "PRIORITY=" + std::to_string(priority(msg.level)),
                                       "SYSLOG_IDENTIFIER=l2tpd"};
    const RecordSubject subject = record_subject(text);
    if (subject.tunnel) {
        fields.push_back("TUNNEL_ID=" + std::to_string(*subject.tunnel));
        if (const std::string peer = peer_of_ ? peer_of_(*subject.tunnel) : std::string();
            !peer.empty()) {
            fields.push_back("PEER=" + peer);
        }
    }
    if (subject.session) {
        fields.push_back("SESSION_ID=" + std::to_string(*subject.session));
    }
    std::vector<iovec> vectors;
    vectors.reserve(fields.size());
    for (std::string& f : fields) {
        vectors.push_back({f.data(), f.size()});
    }
    (void)sd_journal_sendv(vectors.data(), static_cast<int>(vectors.size()));
}

}  // namespace l2tp::daemon
