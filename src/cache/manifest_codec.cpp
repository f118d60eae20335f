#include <msgpack.hpp>

#include "cache/manifest.h"

// The manifest's MessagePack form: dependencies, output records and environment dependencies as
// arrays (fields only ever appended), entries and the manifest as maps keyed by field name.
// Each struct goes through a "wire" that refers to it, so that manifest.h stays plain.

namespace zc::cache {
namespace {

struct WireDependency {
    Dependency& m;
    MSGPACK_DEFINE_ARRAY(m.path, m.hash);
};

struct WireOutputRecord {
    OutputRecord& m;
    MSGPACK_DEFINE_ARRAY(m.kind, m.blob, m.size, m.path, m.mode);
};

struct WireEnvDependency {
    EnvDependency& m;
    MSGPACK_DEFINE_ARRAY(m.name, m.value, m.set);
};

struct WireManifestEntry {
    ManifestEntry& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("deps", m.deps), MSGPACK_NVP("absent", m.absent),
                       MSGPACK_NVP("exit_code", m.exit_code), MSGPACK_NVP("stdout_data", m.stdout_data),
                       MSGPACK_NVP("stderr_data", m.stderr_data), MSGPACK_NVP("has_dep_file", m.has_dep_file),
                       MSGPACK_NVP("dep_file_text", m.dep_file_text), MSGPACK_NVP("outputs", m.outputs),
                       MSGPACK_NVP("created_ns", m.created_ns), MSGPACK_NVP("compile_ns", m.compile_ns),
                       MSGPACK_NVP("env_deps", m.env_deps), MSGPACK_NVP("origin", m.origin));
};

struct WireManifest {
    Manifest& m;
    MSGPACK_DEFINE_MAP(MSGPACK_NVP("format", m.format), MSGPACK_NVP("entries", m.entries));
};

}  // namespace
}  // namespace zc::cache

// Nested structs (an entry's dependencies, outputs, environment) pack and convert through their wires.
// A wire holds a non-const reference (converting writes through it); one made from a const value
// (const_cast) is only packed.
#define ZC_MANIFEST_VIA_WIRE(Type)                                                                   \
    template <>                                                                                      \
    struct pack<zc::cache::Type> {                                                                   \
        template <typename Stream>                                                                   \
        packer<Stream>& operator()(packer<Stream>& out, const zc::cache::Type& value) const {        \
            zc::cache::Wire##Type{const_cast<zc::cache::Type&>(value)}.msgpack_pack(out);            \
            return out;                                                                              \
        }                                                                                            \
    };                                                                                               \
    template <>                                                                                      \
    struct convert<zc::cache::Type> {                                                                \
        const msgpack::object& operator()(const msgpack::object& in, zc::cache::Type& value) const { \
            zc::cache::Wire##Type{value}.msgpack_unpack(in);                                         \
            return in;                                                                               \
        }                                                                                            \
    };

namespace msgpack {
MSGPACK_API_VERSION_NAMESPACE(MSGPACK_DEFAULT_API_NS) {
    namespace adaptor {
    ZC_MANIFEST_VIA_WIRE(Dependency)
    ZC_MANIFEST_VIA_WIRE(OutputRecord)
    ZC_MANIFEST_VIA_WIRE(EnvDependency)
    ZC_MANIFEST_VIA_WIRE(ManifestEntry)
    ZC_MANIFEST_VIA_WIRE(Manifest)
    }  // namespace adaptor
}  // MSGPACK_API_VERSION_NAMESPACE
}  // namespace msgpack

#undef ZC_MANIFEST_VIA_WIRE

namespace zc::cache {

std::string encode_manifest(const Manifest& manifest) {
    msgpack::sbuffer buffer;
    msgpack::pack(buffer, manifest);
    return std::string(buffer.data(), buffer.size());
}

std::optional<Manifest> decode_manifest(std::string_view bytes) {
    try {
        // A damaged manifest must not claim more elements than it has bytes (see messages.cpp).
        size_t n = bytes.size();
        msgpack::object_handle handle =
            msgpack::unpack(bytes.data(), n, nullptr, nullptr, msgpack::unpack_limit(n, n, n, n, n, 32));
        Manifest manifest;
        handle.get().convert(manifest);
        if (manifest.format != kManifestFormat) return std::nullopt;
        return manifest;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace zc::cache
