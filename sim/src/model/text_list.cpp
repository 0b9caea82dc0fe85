// Out of line: inlined into callers, GCC 12 reports a false -Wfree-nonheap-object on the
// temporary vectors.
#include "ivsim/text_list.hpp"

#include <utility>

namespace ivsim {

TextList::TextList(std::initializer_list<Text> items) : TextList(std::vector<Text>(items)) {}

TextList::TextList(const std::vector<std::string> &items)
    : TextList(std::vector<Text>(items.begin(), items.end())) {}

void TextList::push_back(Text item) {
  std::vector<Text> grown;
  grown.reserve(size() + 1);
  grown.assign(begin(), end());
  grown.push_back(std::move(item));
  *this = TextList(std::move(grown));
}

} // namespace ivsim
