{
  "targets": [
    {
      "target_name": "greenlet_handoff_floor",
      "sources": ["handoff.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++20", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "conditions": [["OS=='linux'", {"libraries": ["-lpthread"]}]]
    }
  ]
}
