// An index of numbered items (a stack's resources, an IR's resources) by a text key that the
// items hold themselves: a logical id, an address. The emitters look up tens of thousands of them
// at 10,000 services; a std::unordered_map<std::string, ...> made a node and often a copy of the
// key per item, and each lookup followed the bucket to the node and the node to the key's bytes,
// a cache miss each (about a sixth of `emit cloudformation`'s own CPU time). Here a lookup reads
// one slot of a flat array (8 bytes: the key's hash and the item's number) and the item's key
// only when the hashes agree; nothing is allocated per item.
//
// The caller says how to read an item's key (`key_of(item)`, a std::string_view); the key must
// stay as it is while the item is indexed. Open addressing with linear probing, at most half full.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace berth::aws {

class TextIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Room for `items` without growing.
  void Reserve(size_t items) {
    if (items * 2 > slots_.size()) Rehash(Capacity(items * 2));
  }

  // The item whose key is `key`, or kNone.
  template <typename KeyOf>
  uint32_t Find(std::string_view key, const KeyOf& key_of) const {
    if (slots_.empty()) return kNone;
    const Slot& slot = slots_[Probe(key, HashOf(key), key_of)];
    return slot.item;
  }

  // The slot of `key`'s item, `item` if the key had none: the caller may put another item there
  // (a later item under the same key), but only one with the same key.
  template <typename KeyOf>
  uint32_t& FindOrAdd(std::string_view key, uint32_t item, const KeyOf& key_of) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 16 : slots_.size() * 2);
    uint32_t hash = HashOf(key);
    Slot& slot = slots_[Probe(key, hash, key_of)];
    if (slot.item == kNone) {
      slot = {hash, item};
      ++size_;
    }
    return slot.item;
  }

  // Asks the processor to fetch the slot where `key` is looked up first: at tens of thousands of
  // items each lookup is a cache miss, which a lookup made a few thousand instructions later
  // does not wait for.
  void Prefetch(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[HashOf(key) & (slots_.size() - 1)]);
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint32_t hash = 0;
    uint32_t item = kNone;  // kNone: empty
  };

  static uint32_t HashOf(std::string_view key) {
    return static_cast<uint32_t>(std::hash<std::string_view>{}(key));
  }
  static size_t Capacity(size_t wanted) {
    size_t capacity = 16;
    while (capacity < wanted) capacity *= 2;
    return capacity;
  }

  // The slot holding `key`, or the empty slot where it would go.
  template <typename KeyOf>
  size_t Probe(std::string_view key, uint32_t hash, const KeyOf& key_of) const {
    size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      const Slot& slot = slots_[at];
      if (slot.item == kNone) return at;
      if (slot.hash == hash && key_of(slot.item) == key) return at;
    }
  }

  // Moves the items into `capacity` slots (a power of two): slots keep their hashes, so no key
  // is read again.
  void Rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{});
    size_t mask = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.item == kNone) continue;
      size_t at = slot.hash & mask;
      while (slots_[at].item != kNone) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace berth::aws
