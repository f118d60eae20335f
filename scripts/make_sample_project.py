#!/usr/bin/env python3
"""Writes a small CMake C++ project: N-1 library files with their headers and a main."""

import pathlib
import sys

HEADERS = ["<algorithm>", "<map>", "<string>", "<vector>", "<sstream>", "<numeric>", "<memory>"]


def main():
    out = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    (out / "src").mkdir(parents=True, exist_ok=True)
    (out / "include").mkdir(exist_ok=True)
    names = [f"part{i:02d}" for i in range(count - 1)]
    for i, name in enumerate(names):
        (out / "include" / f"{name}.h").write_text(
            f"#pragma once\n#include <string>\n#include <vector>\n"
            f"std::string {name}_describe(const std::vector<int>& values);\n")
        includes = "".join(f"#include {h}\n" for h in HEADERS)
        (out / "src" / f"{name}.cpp").write_text(
            f'{includes}#include "{name}.h"\n\n'
            f"std::string {name}_describe(const std::vector<int>& values) {{\n"
            f"    std::map<int, int> counts;\n"
            f"    for (int v : values) counts[v % {i + 2}]++;\n"
            f"    std::ostringstream out;\n"
            f'    out << "{name}: sum=" << std::accumulate(values.begin(), values.end(), 0)\n'
            f'        << " buckets=" << counts.size();\n'
            f"    return out.str();\n}}\n")
    calls = "".join(f"    std::cout << {n}_describe(values) << '\\n';\n" for n in names)
    includes = "".join(f'#include "{n}.h"\n' for n in names)
    (out / "src" / "main.cpp").write_text(
        f"#include <iostream>\n#include <vector>\n{includes}\n"
        f"int main() {{\n    std::vector<int> values{{3, 1, 4, 1, 5, 9, 2, 6}};\n{calls}    return 0;\n}}\n")
    sources = " ".join(f"src/{n}.cpp" for n in names)
    (out / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.16)\nproject(sample CXX)\nset(CMAKE_CXX_STANDARD 17)\n"
        f"add_executable(sample_app src/main.cpp {sources})\n"
        "target_include_directories(sample_app PRIVATE include)\n")


if __name__ == "__main__":
    main()
