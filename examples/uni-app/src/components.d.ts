// Types for the components easycom registers (pages.json): vue-tsc checks <cos-uploader> against the real component.
import type CosUploader from 'taro-cos-uploader/uni/CosUploader.vue'

declare module 'vue' {
  interface GlobalComponents {
    CosUploader: typeof CosUploader
  }
}
