{
  "targets": [
    {
      "target_name": "greenlet_native",
      "sources": [
        "src/addon.cc",
        "src/thread_state.cc",
        "src/stack.cc",
        "src/baton.cc",
        "src/continuation_data.cc",
        "src/environment.cc",
        "src/platform.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++20", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc!": ["-std=gnu++17", "-std=gnu++20"],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++20",
        "MACOSX_DEPLOYMENT_TARGET": "10.15"
      },
      "conditions": [["OS=='linux'", {"libraries": ["-lpthread"]}]]
    }
  ]
}
