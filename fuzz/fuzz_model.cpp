// libFuzzer harness for the model reader: bytes -> parse_json_text -> parse_model -> validate
// -> (if valid) compile, exactly the path `courtflow validate/run` takes before simulating.
// Bad input must end in models::InputError (exit 2); anything else escaping here (another
// exception, a crash, a sanitizer report) is a bug the fuzzer saves as a regression case.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/compile.hpp"
#include "models/diagnostic.hpp"
#include "models/model_json.hpp"
#include "models/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace courtflow::models;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<Diagnostic> warnings;
    const Model model = parse_model_text(text, "fuzz.json", &warnings);
    if (has_errors(validate(model, "fuzz.json"))) return 0;
    (void)compile(model, "fuzz.json");
    (void)to_json(model).dump();  // what `calibrate`/`fit` write back must serialise
  } catch (const InputError&) {
    // the expected outcome for bad input
  }
  return 0;
}
