#pragma once
// A fresh directory under /tmp for each test, removed after it.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "common/fs.h"

class TempDirTest : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/zc-test-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
    }
    void TearDown() override { zc::common::remove_tree(dir_); }
    std::string dir_;
};
