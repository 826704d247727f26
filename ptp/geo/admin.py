from django.contrib import admin

from ptp.geo.models import Municipality, Province, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "codice_istat"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "codice_istat", "region"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "codice_istat", "codice_catastale", "province"]
    list_filter = ["province"]
    search_fields = ["name", "codice_istat", "codice_catastale"]
