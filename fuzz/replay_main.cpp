// A main() for the fuzz harnesses without libFuzzer: runs LLVMFuzzerTestOneInput once on each
// file named (or each file in each directory named), so the saved regression cases and the
// seed corpus are replayed by CTest in every build, with GCC and without -fsanitize=fuzzer.
// Exits 0 when every input was handled; a crash or an escaping exception fails the test.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path path = argv[i];
    if (fs::is_directory(path)) {
      for (const auto& entry : fs::recursive_directory_iterator(path)) {
        if (!entry.is_regular_file()) continue;
        replay(entry.path());
        ++count;
      }
    } else if (fs::exists(path)) {
      replay(path);
      ++count;
    } else {
      std::cerr << "replay: no such file or directory: " << path << '\n';
      return 2;
    }
  }
  std::cout << "replayed " << count << " inputs\n";
  return 0;
}
