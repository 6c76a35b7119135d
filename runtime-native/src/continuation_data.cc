#include "continuation_data.h"

namespace greenlet {
namespace {

// The slot's API changed twice: none before V8 12.4 (Node 20, whose AsyncLocalStorage does not
// use it), Get/SetContinuationPreservedEmbedderData (Node 22, 24), and the V2 pair taking any
// v8::Data, which deprecates the first (Node 26). Overloads ranked by what the headers declare
// pick the newest one present; an unused template's body is never compiled, so no deprecated
// call is made where V2 exists.
template <int N>
struct Rank : Rank<N - 1> {};
template <>
struct Rank<0> {};

template <typename I>
auto Get(I* isolate, Rank<2>) -> decltype(isolate->GetContinuationPreservedEmbedderDataV2()) {
  return isolate->GetContinuationPreservedEmbedderDataV2();
}
template <typename I>
auto Get(I* isolate, Rank<1>) -> decltype(isolate->GetContinuationPreservedEmbedderData(), v8::Local<v8::Data>()) {
  return isolate->GetContinuationPreservedEmbedderData();
}
template <typename I>
v8::Local<v8::Data> Get(I*, Rank<0>) {
  return v8::Local<v8::Data>();
}

template <typename I>
auto Set(I* isolate, v8::Local<v8::Data> data, Rank<2>)
    -> decltype(isolate->SetContinuationPreservedEmbedderDataV2(data)) {
  isolate->SetContinuationPreservedEmbedderDataV2(data);
}
template <typename I>
auto Set(I* isolate, v8::Local<v8::Data> data, Rank<1>)
    -> decltype(isolate->SetContinuationPreservedEmbedderData(data.As<v8::Value>())) {
  isolate->SetContinuationPreservedEmbedderData(data.As<v8::Value>());
}
template <typename I>
void Set(I*, v8::Local<v8::Data>, Rank<0>) {}

}  // namespace

void ContinuationData::Park(v8::Isolate* isolate) {
  if (!held_.IsEmpty()) return;  // parked already: this collection's prologue ran twice
  v8::HandleScope scope(isolate);
  v8::Local<v8::Data> value = Get(isolate, Rank<2>());
  v8::Local<v8::Data> undefined = v8::Undefined(isolate);
  if (value.IsEmpty() || value == undefined) return;
  held_.Reset(isolate, value);
  Set(isolate, undefined, Rank<2>());
}

void ContinuationData::Restore(v8::Isolate* isolate) {
  if (held_.IsEmpty()) return;
  v8::HandleScope scope(isolate);
  Set(isolate, held_.Get(isolate), Rank<2>());
  held_.Reset();
}

}  // namespace greenlet
