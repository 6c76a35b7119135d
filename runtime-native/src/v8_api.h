// V8's API where it differs across the Node lines the addon is built for (V8 11.3 in Node 20 to
// 14.6 in Node 26). Each call takes the newest form the headers declare, chosen by overload rank:
// a template whose signature does not compile for these headers drops out, and the body of one
// not chosen is never compiled — so no deprecated form is called where its successor exists.
#ifndef GREENLET_V8_API_H_
#define GREENLET_V8_API_H_

#include <v8.h>

#include <cstdint>

namespace greenlet {
namespace v8_api {

template <int N>
struct Rank : Rank<N - 1> {};
template <>
struct Rank<0> {};

// v8::External: V8 14 (after 14.1, by 14.6) adds a type tag and deprecates the untagged calls;
// 0 is V8's default tag, the one the untagged calls meant.
template <typename E>
auto NewExternal(v8::Isolate* isolate, void* value, Rank<1>) -> decltype(E::New(isolate, value, uint16_t{0})) {
  return E::New(isolate, value, uint16_t{0});
}
template <typename E>
v8::Local<v8::External> NewExternal(v8::Isolate* isolate, void* value, Rank<0>) {
  return E::New(isolate, value);
}
template <typename E>
auto ExternalValue(const E* external, Rank<1>) -> decltype(external->Value(uint16_t{0})) {
  return external->Value(uint16_t{0});
}
template <typename E>
void* ExternalValue(const E* external, Rank<0>) {
  return external->Value();
}

// The isolate's continuation-preserved embedder data (see continuation_data.h): none before V8
// 12.4 (Node 20, whose AsyncLocalStorage does not use it), then Get/Set…EmbedderData (Node 22,
// 24), then the V2 pair taking any v8::Data, which deprecates it (V8 14.1 on).
template <typename I>
auto GetContinuationData(I* isolate, Rank<2>) -> decltype(isolate->GetContinuationPreservedEmbedderDataV2()) {
  return isolate->GetContinuationPreservedEmbedderDataV2();
}
template <typename I>
auto GetContinuationData(I* isolate, Rank<1>)
    -> decltype(isolate->GetContinuationPreservedEmbedderData(), v8::Local<v8::Data>()) {
  return isolate->GetContinuationPreservedEmbedderData();
}
template <typename I>
v8::Local<v8::Data> GetContinuationData(I*, Rank<0>) {
  return v8::Local<v8::Data>();
}
template <typename I>
auto SetContinuationData(I* isolate, v8::Local<v8::Data> data, Rank<2>)
    -> decltype(isolate->SetContinuationPreservedEmbedderDataV2(data)) {
  isolate->SetContinuationPreservedEmbedderDataV2(data);
}
template <typename I>
auto SetContinuationData(I* isolate, v8::Local<v8::Data> data, Rank<1>)
    -> decltype(isolate->SetContinuationPreservedEmbedderData(data.As<v8::Value>())) {
  isolate->SetContinuationPreservedEmbedderData(data.As<v8::Value>());
}
template <typename I>
void SetContinuationData(I*, v8::Local<v8::Data>, Rank<0>) {}

}  // namespace v8_api

// The calls the addon makes.
inline v8::Local<v8::External> NewExternal(v8::Isolate* isolate, void* value) {
  return v8_api::NewExternal<v8::External>(isolate, value, v8_api::Rank<1>());
}
inline void* ExternalValue(v8::Local<v8::Value> external) {
  return v8_api::ExternalValue(*external.As<v8::External>(), v8_api::Rank<1>());
}
inline v8::Local<v8::Data> GetContinuationData(v8::Isolate* isolate) {
  return v8_api::GetContinuationData(isolate, v8_api::Rank<2>());
}
inline void SetContinuationData(v8::Isolate* isolate, v8::Local<v8::Data> data) {
  v8_api::SetContinuationData(isolate, data, v8_api::Rank<2>());
}

}  // namespace greenlet

#endif  // GREENLET_V8_API_H_
