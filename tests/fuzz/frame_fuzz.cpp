// Bytes a client could send: frames, then envelopes, then every message body the daemon reads.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "common/fs.h"
#include "ipc/frame.h"
#include "protocol/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    zc::common::UniqueFd fd(::memfd_create("frames", MFD_CLOEXEC));
    if (!fd.valid() || !zc::common::write_all(fd.get(), {reinterpret_cast<const char*>(data), size})) return 0;
    ::lseek(fd.get(), 0, SEEK_SET);
    std::string payload;
    zc::ipc::FrameReader reader(fd.get());
    while (reader.next(payload, 1 << 20) == zc::ipc::ReadStatus::kOk) {
        zc::protocol::Envelope envelope;
        if (!zc::protocol::decode_envelope(payload, envelope)) continue;
        (void)zc::protocol::body_as<zc::protocol::CompileRequest>(envelope);
        (void)zc::protocol::body_as<zc::protocol::CompileReply>(envelope);
        (void)zc::protocol::body_as<zc::protocol::SessionStartRequest>(envelope);
        (void)zc::protocol::body_as<zc::protocol::SessionQuery>(envelope);
        (void)zc::protocol::body_as<zc::protocol::ExplainRequest>(envelope);
        (void)zc::protocol::body_as<zc::protocol::StatusReply>(envelope);
    }
    return 0;
}
