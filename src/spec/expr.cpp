#include "spec/expr.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace tribody::spec {
namespace {

// Nesting (parentheses, unary signs, powers, and parameters evaluated
// inside an expression: they nest too) is bounded, so that no input
// overflows the stack: 20 000 nested parentheses are refused, not a crash.
constexpr int max_nesting = 500;
thread_local int nesting = 0;
struct nested {
  nested() { ++nesting; }
  ~nested() { --nesting; }
};

// Recursive descent, with Python's precedence (-2^2 = -4):
// sum := product (('+'|'-') product)*;  product := unary (('*'|'/') unary)*
// unary := ('+'|'-') unary | power;  power := atom ('^' unary)?
// atom := number | name | name(args) | (sum)
class parser {
 public:
  parser(const std::string& s, const name_lookup& lookup) : s_(s), lookup_(lookup) {}

  double parse() {
    const double v = sum();
    skip();
    if (pos_ != s_.size()) fail("unexpected '" + std::string(1, s_[pos_]) + "'");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(what + " at character " + std::to_string(pos_ + 1));
  }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  double sum() {
    double v = product();
    for (;;) {
      if (eat('+')) v += product();
      else if (eat('-')) v -= product();
      else return v;
    }
  }
  double product() {
    double v = unary();
    for (;;) {
      if (eat('*')) v *= unary();
      else if (eat('/')) v /= unary();
      else return v;
    }
  }
  double unary() {
    const nested level;
    if (nesting > max_nesting) fail("expression nested deeper than " + std::to_string(max_nesting) + " levels");
    if (eat('-')) return -unary();
    if (eat('+')) return unary();
    return power();
  }
  double power() {
    const double base = atom();
    if (eat('^')) return std::pow(base, unary());
    return base;
  }
  double atom() {
    skip();
    if (pos_ >= s_.size()) fail("expression ends too early");
    if (eat('(')) {
      const double v = sum();
      if (!eat(')')) fail("missing ')'");
      return v;
    }
    const char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      // A decimal number: digits, '.', an exponent (strtod would also take
      // hexadecimal, "0x10", which is not in the documented grammar).
      std::size_t n = 0;
      while (pos_ + n < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_ + n])) || s_[pos_ + n] == '.')) ++n;
      if (pos_ + n < s_.size() && (s_[pos_ + n] == 'e' || s_[pos_ + n] == 'E')) {
        ++n;
        if (pos_ + n < s_.size() && (s_[pos_ + n] == '+' || s_[pos_ + n] == '-')) ++n;
        while (pos_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + n]))) ++n;
      }
      const std::string text = s_.substr(pos_, n);
      char* end = nullptr;
      const double v = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size() || text == ".") fail("bad number '" + text + "'");
      pos_ += n;
      return v;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t start = pos_;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
      const std::string name = s_.substr(start, pos_ - start);
      if (eat('(')) return call(name);
      return lookup_(name);
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }
  double call(const std::string& fn) {
    std::vector<double> args;
    if (!eat(')')) {
      do args.push_back(sum());
      while (eat(','));
      if (!eat(')')) fail("missing ')' after the arguments of " + fn);
    }
    auto need = [&](std::size_t n) {
      if (args.size() != n) fail(fn + " takes " + std::to_string(n) + " argument(s)");
    };
    if (fn == "min" || fn == "max") {
      need(2);
      return fn == "min" ? std::min(args[0], args[1]) : std::max(args[0], args[1]);
    }
    need(1);
    const double x = args[0];
    if (fn == "sqrt") return std::sqrt(x);
    if (fn == "exp") return std::exp(x);
    if (fn == "log") return std::log(x);
    if (fn == "abs") return std::fabs(x);
    if (fn == "floor") return std::floor(x);
    if (fn == "ceil") return std::ceil(x);
    if (fn == "round") return std::round(x);
    fail("unknown function '" + fn + "' (sqrt, exp, log, abs, floor, ceil, round, min, max)");
  }

  const std::string& s_;
  const name_lookup& lookup_;
  std::size_t pos_ = 0;
};

}  // namespace

double evaluate(const std::string& text, const name_lookup& lookup) {
  return parser(text, lookup).parse();
}

}  // namespace tribody::spec
