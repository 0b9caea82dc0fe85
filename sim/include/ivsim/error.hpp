// The exceptions ivsim throws for bad input; bugs are asserts and delivery failures are values.
#pragma once

#include <stdexcept>
#include <string>

namespace ivsim {

/// Base of every exception ivsim throws on purpose.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad input from a user: a scenario file, a flag, a state document, an event. The message says
/// where (file:line:col or a JSON pointer), what was expected and what was found, LLVM style:
/// lower-case, no final period.
class InputError : public Error {
public:
  using Error::Error;
};

} // namespace ivsim
