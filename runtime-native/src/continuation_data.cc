#include "continuation_data.h"

#include "v8_api.h"

namespace greenlet {

void ContinuationData::Park(v8::Isolate* isolate) {
  if (!held_.IsEmpty()) return;  // parked already: this collection's prologue ran twice
  v8::HandleScope scope(isolate);
  v8::Local<v8::Data> value = GetContinuationData(isolate);
  v8::Local<v8::Data> undefined = v8::Undefined(isolate);
  if (value.IsEmpty() || value == undefined) return;
  held_.Reset(isolate, value);
  SetContinuationData(isolate, undefined);
}

void ContinuationData::Restore(v8::Isolate* isolate) {
  if (held_.IsEmpty()) return;
  v8::HandleScope scope(isolate);
  SetContinuationData(isolate, held_.Get(isolate));
  held_.Reset();
}

}  // namespace greenlet
